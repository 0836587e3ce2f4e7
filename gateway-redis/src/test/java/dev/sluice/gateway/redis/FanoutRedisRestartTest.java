package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.event.RawEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Redis restarted (AOF, fsync always) while events flow from a node to a worker: nothing lost,
 * entries pending at the restart still handled and acked, and no event appended twice.
 */
class FanoutRedisRestartTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private FanoutRig rig;
  private Disposable producer;
  private final Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
  private final Set<Integer> handled = ConcurrentHashMap.newKeySet();

  @AfterEach
  void close() {
    if (producer != null) {
      producer.dispose();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void aRedisRestartWithAofLosesNothingAndAppendsNothingTwice() throws Exception {
    rig = new FanoutRig(server, "restart", 4);
    FanoutRig.Node node = rig.new Node("a");
    rig.awaitAllShardsRunning(List.of(node));
    FanoutRig.Worker worker =
        rig
        .new Worker(
            "svc",
            "w1",
            b ->
                b.minIdle(Duration.ofMillis(1000))
                    .claimEvery(Duration.ofMillis(200))
                    .on(
                        RawEvent.class,
                        e -> {
                          if ("SLUICE_TEST".equals(e.meta().type())) {
                            handled.add(FanoutRig.n(e.json()));
                          }
                          return Mono.empty();
                        }));
    int total = 3000;
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(Duration.ofMillis(2))
            .takeWhile(i -> n.get() < total)
            .subscribe(
                i -> {
                  int k = n.getAndIncrement();
                  if (rig.gateway.dispatchToShard(k % 4, "SLUICE_TEST", "{\"n\":" + k + "}") == 1) {
                    dispatched.add(k);
                  }
                });
    Conditions.await(FanoutRig.WAIT, () -> handled.size() > 500, () -> "handled " + handled.size());
    server.restartKeepingData();
    Conditions.await(
        FanoutRig.WAIT,
        () -> n.get() >= total && handled.containsAll(dispatched),
        () -> "handled " + handled.size() + " of " + dispatched.size());
    Conditions.await(
        FanoutRig.WAIT,
        () -> StreamProbe.pending(worker.redis, rig.keys, "svc") == 0,
        () -> "pending " + StreamProbe.pending(worker.redis, rig.keys, "svc"));

    Map<String, Integer> appended = new HashMap<>();
    for (Map<String, String> e : StreamProbe.events(worker.redis, rig.keys)) {
      if ("SLUICE_TEST".equals(e.get("t"))) {
        appended.merge(e.get("s") + "/" + e.get("i") + "/" + e.get("q"), 1, Integer::sum);
      }
    }
    System.out.printf(
        "redis restart: %d dispatched, %d handled, %d appended%n",
        dispatched.size(), handled.size(), appended.size());
    assertThat(appended.values()).as("appended twice").allMatch(c -> c == 1);
    assertThat(handled).containsAll(dispatched);
  }
}
