package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Fan-out over a real redis-server: gateway nodes publish every dispatch into partitioned streams,
 * workers in a consumer group handle each once, failing entries reach the dead letters, and a
 * worker's command reaches the shard through the node holding it.
 */
class FanoutTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private FanoutRig rig;

  /** Handled events by key: how many times, and by which worker. */
  private final Map<EventKey, List<String>> handled = new ConcurrentHashMap<>();

  private final Map<Integer, EventKey> byN = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    if (rig != null) {
      rig.close();
    }
  }

  private FanoutRig rig(int shards) {
    rig = new FanoutRig(server, "fanout-" + CLUSTERS.incrementAndGet(), shards);
    return rig;
  }

  private Mono<Void> record(String worker, RawEvent event) {
    if (!"SLUICE_TEST".equals(event.meta().type())) {
      return Mono.empty();
    }
    return EventSource.key()
        .doOnNext(
            key -> {
              handled.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(worker);
              byN.put(FanoutRig.n(event.json()), key);
            })
        .then();
  }

  /** What the streams hold, for a failure message. */
  private String streams() {
    LettuceAdapter probe = Probe.connect(server);
    try {
      List<Map<String, String>> events = StreamProbe.events(probe, rig.keys);
      long tests = events.stream().filter(e -> "SLUICE_TEST".equals(e.get("t"))).count();
      return "the streams hold "
          + tests
          + " SLUICE_TEST entries of "
          + events.size()
          + ", pending "
          + StreamProbe.pending(probe, rig.keys, "svc");
    } finally {
      probe.close().block(FanoutRig.WAIT);
    }
  }

  private FanoutRig.Worker worker(String name) {
    return rig.new Worker("svc", name, b -> b.on(RawEvent.class, e -> record(name, e)));
  }

  /**
   * Node a first, with every shard identified, then b: the shards that move to b are handed over by
   * Resume. (Both at once could hand a shard over before its first READY was stored; the next owner
   * then identifies a second session for it, and the fake would dispatch to both.)
   */
  private List<FanoutRig.Node> twoNodes() {
    FanoutRig.Node a = rig.new Node("a");
    rig.awaitAllShardsRunning(List.of(a));
    FanoutRig.Node b = rig.new Node("b");
    List<FanoutRig.Node> nodes = List.of(a, b);
    rig.awaitAllShardsRunning(nodes);
    Conditions.await(
        FanoutRig.WAIT,
        () -> !a.cluster.shardIds().isEmpty() && !b.cluster.shardIds().isEmpty(),
        () -> "a=" + a.cluster.shardIds() + " b=" + b.cluster.shardIds());
    return nodes;
  }

  @Test
  void twoNodesTwoWorkersEveryEventHandledOnce() {
    rig(8);
    twoNodes();
    worker("w1");
    worker("w2");
    int total = 20_000;
    for (int k = 0; k < total; k++) {
      assertThat(rig.gateway.dispatchToShard(k % 8, "SLUICE_TEST", "{\"n\":" + k + "}"))
          .isEqualTo(1);
    }
    Conditions.await(
        FanoutRig.WAIT,
        () -> byN.size() == total,
        () -> "handled " + byN.size() + "/" + total + "; " + streams());
    Map<EventKey, Integer> twice =
        handled.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
    Map<String, Long> perWorker =
        handled.values().stream()
            .flatMap(l -> l.stream())
            .collect(Collectors.groupingBy(w -> w, Collectors.counting()));
    System.out.printf("fanout: %d events handled, per worker %s%n", handled.size(), perWorker);
    assertThat(twice).as("events handled twice").isEmpty();
    assertThat(handled).hasSize(total);
    assertThat(perWorker).containsOnlyKeys("w1", "w2");
    Set<Integer> shardsSeen =
        handled.keySet().stream().map(EventKey::shard).collect(Collectors.toSet());
    assertThat(shardsSeen)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 8).boxed().toList());
  }

  @Test
  void aHandlerThatAlwaysFailsDeadLettersItsEntriesAfterNTriesWhileOthersFlowOn() {
    rig(4);
    rig.awaitAllShardsRunning(List.of(rig.new Node("a")));
    Map<Integer, AtomicInteger> tries = new ConcurrentHashMap<>();
    FanoutRig.Worker w =
        rig
        .new Worker(
            "svc",
            "w1",
            b ->
                b.maxDeliveries(3)
                    .minIdle(Duration.ofMillis(200))
                    .claimEvery(Duration.ofMillis(50))
                    .on(
                        RawEvent.class,
                        e -> {
                          if (!"SLUICE_TEST".equals(e.meta().type())) {
                            return Mono.empty();
                          }
                          int n = FanoutRig.n(e.json());
                          if (n % 10 == 0) {
                            tries.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
                            return Mono.error(new IllegalStateException("poison " + n));
                          }
                          return record("w1", e);
                        }));
    int total = 200;
    for (int k = 0; k < total; k++) {
      rig.gateway.dispatchToShard(k % 4, "SLUICE_TEST", "{\"n\":" + k + "}");
    }
    Conditions.await(
        FanoutRig.WAIT,
        () -> byN.size() == total - total / 10 && w.source.deadLettered() == total / 10,
        () -> "handled " + byN.size() + ", dead " + w.source.deadLettered());
    List<Map<String, String>> dead = StreamProbe.entries(w.redis, deadLetterKeys(rig.keys, "svc"));
    assertThat(dead).hasSize(total / 10);
    for (Map<String, String> d : dead) {
      int n = FanoutRig.n(d.get("d"));
      assertThat(n % 10).isZero();
      assertThat(d.get("error")).contains("poison " + n);
      assertThat(d.get("deliveries")).isEqualTo("3");
      assertThat(d.get("group")).isEqualTo("svc");
      assertThat(tries.get(n)).as("tries of %d", n).hasValue(3);
    }
    assertThat(StreamProbe.pending(w.redis, rig.keys, "svc")).isZero();
  }

  private static List<String> deadLetterKeys(RedisKeyspace keys, String group) {
    return IntStream.range(0, keys.partitions())
        .mapToObj(p -> StreamKeys.deadLetters(keys, p, group))
        .toList();
  }

  @Test
  void aWorkersRequestGuildMembersReachesTheShardThroughTheNodeHoldingIt() {
    rig(8);
    List<FanoutRig.Node> nodes = twoNodes();
    int shard = nodes.get(1).cluster.shardIds().get(0);
    FanoutRig.Worker w = worker("w1");
    ShardCommands commands = ShardCommands.create(w.redis, rig.keys);
    commands
        .send(shard, RequestGuildMembers.byPrefix(Snowflake.of(4242), "ab", 5))
        .block(FanoutRig.WAIT);
    rig.gateway.transcript().awaitReceived(Opcode.REQUEST_GUILD_MEMBERS, 1, FanoutRig.WAIT);
    // another command later proves the first is not sent again
    commands
        .send(shard, RequestGuildMembers.byPrefix(Snowflake.of(4343), "cd", 5))
        .block(FanoutRig.WAIT);
    rig.gateway.transcript().awaitReceived(Opcode.REQUEST_GUILD_MEMBERS, 2, FanoutRig.WAIT);
    List<Frame.Payload> got = rig.gateway.transcript().received(Opcode.REQUEST_GUILD_MEMBERS);
    assertThat(got).hasSize(2);
    assertThat(got.get(0).json()).contains("4242").contains("\"ab\"");
    assertThat(got.get(1).json()).contains("4343");
  }
}
