package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.event.RawEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Workers as separate JVMs: {@code kill -9} of one mid-stream (the other claims what it held), and
 * SIGTERM (it finishes and acks what it holds, then exits 0).
 */
class WorkerProcessTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final long MIN_IDLE_MS = 1500;
  private FanoutRig rig;
  private Disposable producer;
  private final Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<String>> handledBy = new ConcurrentHashMap<>();
  private final Set<Integer> handledN = ConcurrentHashMap.newKeySet();

  @AfterEach
  void close() {
    if (producer != null) {
      producer.dispose();
    }
    if (rig != null) {
      rig.close();
    }
  }

  private void handled(String worker, String key, int n) {
    handledBy.computeIfAbsent(worker, w -> ConcurrentHashMap.newKeySet()).add(key);
    handledN.add(n);
  }

  private Process worker(String name) throws IOException {
    Process process =
        ChildProcess.java(
            ChildProcess.SMALL_JVM,
            WorkerMain.class,
            List.of(
                server.uri(),
                rig.keys.cluster(),
                Integer.toString(rig.keys.partitions()),
                "svc",
                name,
                Long.toString(MIN_IDLE_MS)));
    AtomicInteger ready = new AtomicInteger();
    ChildProcess.follow(
        process,
        "worker-" + name,
        line -> {
          if (line.startsWith("H ")) {
            String[] p = line.split(" ");
            handled(name, p[1], Integer.parseInt(p[2]));
          } else if (line.equals("READY")) {
            ready.set(1);
          }
        });
    Conditions.await(FanoutRig.WAIT, () -> ready.get() == 1, () -> name + " not ready");
    return process;
  }

  private void inProcessWorker(String name) {
    rig
    .new Worker(
        "svc",
        name,
        b ->
            b.minIdle(Duration.ofMillis(MIN_IDLE_MS))
                .claimEvery(Duration.ofMillis(200))
                .on(
                    RawEvent.class,
                    e ->
                        "SLUICE_TEST".equals(e.meta().type())
                            ? EventSource.key()
                                .doOnNext(k -> handled(name, k.toString(), FanoutRig.n(e.json())))
                                .then()
                            : Mono.<Void>empty()));
  }

  private void produce(int total) {
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(Duration.ofMillis(2))
            .takeWhile(i -> n.get() < total)
            .subscribe(
                i -> {
                  for (int j = 0; j < 4 && n.get() < total; j++) {
                    int k = n.getAndIncrement();
                    if (rig.gateway.dispatchToShard(k % 4, "SLUICE_TEST", "{\"n\":" + k + "}")
                        == 1) {
                      dispatched.add(k);
                    }
                  }
                });
  }

  @Test
  void aKilledWorkersPendingEntriesAreClaimedByTheOtherAndOnlyTheyAreHandledTwice()
      throws Exception {
    rig = new FanoutRig(server, "workers-" + CLUSTERS.incrementAndGet(), 4);
    FanoutRig.Node node = rig.new Node("a");
    rig.awaitAllShardsRunning(List.of(node));
    Process w1 = worker("w1");
    inProcessWorker("w2");
    int total = 6000;
    produce(total);
    Conditions.await(
        FanoutRig.WAIT,
        () -> handledBy.getOrDefault("w1", Set.of()).size() > 500,
        () -> "w1 handled " + handledBy.getOrDefault("w1", Set.of()).size());
    w1.destroyForcibly();
    assertThat(w1.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Set<String> heldAtDeath =
        new HashSet<>(StreamProbe.pendingKeys(node.redis, rig.keys, "svc", "w1"));
    Conditions.await(
        FanoutRig.WAIT,
        () -> dispatched.size() == total && handledN.containsAll(dispatched),
        () -> "handled " + handledN.size() + " of " + dispatched.size());
    Conditions.await(
        FanoutRig.WAIT,
        () -> StreamProbe.pending(node.redis, rig.keys, "svc") == 0,
        () -> "pending " + StreamProbe.pending(node.redis, rig.keys, "svc"));

    Set<String> byDead = Set.copyOf(handledBy.get("w1"));
    Set<String> byLiving = Set.copyOf(handledBy.get("w2"));
    Set<String> twice = new HashSet<>(byDead);
    twice.retainAll(byLiving);
    Set<String> heldAndHandled = new HashSet<>(heldAtDeath);
    heldAndHandled.retainAll(byDead);
    System.out.printf(
        "worker kill -9: %d events, w1 handled %d and held %d unacked (%d of them handled), "
            + "duplicates %d%n",
        total, byDead.size(), heldAtDeath.size(), heldAndHandled.size(), twice.size());
    assertThat(byLiving)
        .as("the dead worker's pending entries were claimed")
        .containsAll(heldAtDeath);
    assertThat(twice)
        .as("duplicates are the handled entries it held unacked")
        .isEqualTo(heldAndHandled);
  }

  @Test
  void sigtermFinishesAndAcksWhatTheWorkerHoldsAndExitsZero() throws Exception {
    rig = new FanoutRig(server, "workers-" + CLUSTERS.incrementAndGet(), 4);
    FanoutRig.Node node = rig.new Node("a");
    rig.awaitAllShardsRunning(List.of(node));
    Process w1 = worker("w1");
    int total = 3000;
    produce(total);
    Conditions.await(
        FanoutRig.WAIT,
        () -> handledBy.getOrDefault("w1", Set.of()).size() > 300,
        () -> "w1 handled " + handledBy.getOrDefault("w1", Set.of()).size());
    w1.destroy();
    assertThat(w1.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(w1.exitValue()).isZero();
    assertThat(StreamProbe.pendingKeys(node.redis, rig.keys, "svc", "w1"))
        .as("entries left unacked after SIGTERM")
        .isEmpty();
  }
}
