package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Several cluster nodes in this JVM over one real redis-server and one fake gateway: handoffs by
 * Resume, a zombie node fenced by Redis, and every event delivered exactly once across the nodes.
 */
class ShardClusterTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final String TOKEN = "MTAwMjAwMzAw.cluster.test";
  private static final int SHARDS = 4;
  private static final Duration TTL = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private FakeGateway gateway;
  private RedisKeyspace keys;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Integer, List<Delivery>> deliveries = new ConcurrentHashMap<>();
  private final Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
  private Disposable producer;

  record Delivery(String node, int shard, long seq, long nanos) {}

  @BeforeEach
  void start() {
    gateway =
        FakeGateway.builder()
            .token(TOKEN)
            .shards(SHARDS)
            .maxConcurrency(2)
            .identifyWindow(Duration.ofMillis(250))
            .start();
    keys = RedisKeyspace.of("cluster-" + CLUSTERS.incrementAndGet());
  }

  @AfterEach
  void stop() {
    if (producer != null) {
      producer.dispose();
    }
    nodes.forEach(Node::close);
    gateway.close();
  }

  /** One node: its own Redis connection, leases, limiter and cluster. */
  final class Node {
    final String name;
    final LettuceAdapter redis = Probe.connect(server);
    final RedisShardLeases leases;
    final ShardCluster cluster;
    final Disposable running;
    final Disposable collecting;

    Node(String name) {
      this.name = name;
      leases = RedisShardLeases.builder(redis, keys, name, SHARDS).leaseTtl(TTL).build();
      RedisIdentifyLimiter limiter =
          RedisIdentifyLimiter.builder(redis, keys)
              .maxConcurrency(2)
              .interval(Duration.ofMillis(700))
              .grantDeadline(Duration.ofMillis(150))
              .budgetLookup(Mono.just(new SessionStartLimit(1000, 1000, 86_400_000, 2)))
              .build();
      cluster =
          ShardCluster.builder(
                  BotToken.of(TOKEN),
                  leases,
                  lease -> RedisSessionStore.forLease(redis, keys, lease),
                  limiter)
              .gatewayUrl(gateway.url())
              .eachShard(b -> b.compression(Compression.NONE))
              .build();
      collecting = cluster.raw().subscribe(this::collect);
      running = cluster.run().subscribe(null, e -> {});
      nodes.add(this);
    }

    private void collect(RawEvent event) {
      if (!"SLUICE_TEST".equals(event.meta().type())) {
        return;
      }
      Matcher m = N.matcher(event.json());
      assertThat(m.find()).isTrue();
      deliveries
          .computeIfAbsent(Integer.parseInt(m.group(1)), k -> new CopyOnWriteArrayList<>())
          .add(
              new Delivery(
                  name, event.meta().shard().id(), event.meta().sequence(), System.nanoTime()));
    }

    void close() {
      leases.halt();
      running.dispose();
      collecting.dispose();
      redis.close().block(WAIT);
    }
  }

  /**
   * A node name that rendezvous placement gives some, but not all, of the shards next to {@code
   * others}.
   */
  private static String nameSharingWith(String prefix, String... others) {
    for (int i = 0; ; i++) {
      String candidate = prefix + i;
      List<String> all = new ArrayList<>(List.of(others));
      all.add(candidate);
      long mine =
          IntStream.range(0, SHARDS)
              .filter(s -> candidate.equals(Rendezvous.owner(all, s)))
              .count();
      if (mine > 0 && mine < SHARDS) {
        return candidate;
      }
    }
  }

  /** Dispatches SLUICE_TEST events round-robin over the shards, one every 4 ms. */
  private void produce() {
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(Duration.ofMillis(4))
            .subscribe(
                i -> {
                  int k = n.getAndIncrement();
                  int got = gateway.dispatchToShard(k % SHARDS, "SLUICE_TEST", "{\"n\":" + k + "}");
                  if (got == 1) {
                    dispatched.add(k);
                  }
                });
  }

  private void awaitAllDelivered() {
    producer.dispose();
    Conditions.await(
        WAIT,
        () -> dispatched.stream().allMatch(deliveries::containsKey),
        () ->
            "undelivered: "
                + dispatched.stream().filter(k -> !deliveries.containsKey(k)).limit(20).toList());
  }

  private void assertExactlyOnce() {
    Map<Integer, Integer> twice = new HashMap<>();
    deliveries.forEach(
        (k, list) -> {
          if (list.size() > 1) {
            twice.put(k, list.size());
          }
        });
    assertThat(twice).as("events delivered more than once").isEmpty();
    assertThat(deliveries.keySet()).containsAll(dispatched);
  }

  private long longestPauseMillis() {
    Map<Integer, List<Long>> byShard = new HashMap<>();
    deliveries.values().stream()
        .flatMap(List::stream)
        .forEach(d -> byShard.computeIfAbsent(d.shard(), s -> new ArrayList<>()).add(d.nanos()));
    long worst = 0;
    for (List<Long> times : byShard.values()) {
      times.sort(Long::compare);
      for (int i = 1; i < times.size(); i++) {
        worst = Math.max(worst, times.get(i) - times.get(i - 1));
      }
    }
    return worst / 1_000_000;
  }

  private static void awaitRunning(Node node, int count) {
    Conditions.await(
        WAIT,
        () -> node.cluster.shardIds().size() == count,
        () -> node.name + " runs " + node.cluster.shardIds());
  }

  @Test
  void joinAndOrderlyLeaveHandShardsOverByResumeWithEveryEventDeliveredOnce() {
    Node a = new Node("a");
    awaitRunning(a, SHARDS);
    Conditions.await(WAIT, () -> gateway.sessionsStarted() == SHARDS, () -> "sessions");
    produce();
    Conditions.await(WAIT, () -> deliveries.size() > 100, () -> "no events flow");

    Node b = new Node(nameSharingWith("b", "a"));
    Conditions.await(
        WAIT,
        () ->
            !b.cluster.shardIds().isEmpty()
                && a.cluster.shardIds().size() + b.cluster.shardIds().size() == SHARDS,
        () -> "a=" + a.cluster.shardIds() + " b=" + b.cluster.shardIds());
    int before = deliveries.size();
    Conditions.await(WAIT, () -> deliveries.size() > before + 100, () -> "events stopped");

    a.cluster.stop().block(WAIT);
    awaitRunning(b, SHARDS);
    int after = deliveries.size();
    Conditions.await(WAIT, () -> deliveries.size() > after + 100, () -> "events stopped");
    awaitAllDelivered();

    System.out.printf(
        "cluster: %d events over a join and a leave, %d identifies, %d resumes, longest pause %d ms%n",
        deliveries.size(),
        gateway.transcript().received(Opcode.IDENTIFY).size(),
        gateway.transcript().received(Opcode.RESUME).size(),
        longestPauseMillis());
    assertExactlyOnce();
    assertThat(gateway.sessionsStarted()).as("handoffs resume, never identify").isEqualTo(SHARDS);
    assertThat(IdentifyGaps.smallest(gateway, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(gateway.transcript().received(Opcode.RESUME)).isNotEmpty();
  }

  @Test
  void aZombieNodeIsFencedByRedisAndDeliversNothingTwice() {
    Node a = new Node("a");
    awaitRunning(a, SHARDS);
    Conditions.await(WAIT, () -> gateway.sessionsStarted() == SHARDS, () -> "sessions");
    produce();
    Conditions.await(WAIT, () -> deliveries.size() > 100, () -> "no events flow");

    a.leases.halt(); // paused leases: no renewal, no self-fence; its shards keep running
    Node b = new Node("b");
    awaitRunning(b, SHARDS);
    int after = deliveries.size();
    Conditions.await(WAIT, () -> deliveries.size() > after + 100, () -> "events stopped");
    awaitAllDelivered();

    long byZombieLate =
        deliveries.values().stream()
            .flatMap(List::stream)
            .filter(d -> d.node().equals("a"))
            .count();
    System.out.printf(
        "cluster zombie: %d events, %d delivered by the zombie before it was fenced, %d identifies%n",
        deliveries.size(), byZombieLate, gateway.sessionsStarted());
    assertExactlyOnce();
    assertThat(a.cluster.shardIds()).isEmpty();
    assertThat(gateway.sessionsStarted()).isEqualTo(SHARDS);
  }

  @Test
  void redisRestartedWithItsAofLosesNothingAndDuplicatesNothing() throws Exception {
    Node a = new Node("a");
    awaitRunning(a, SHARDS);
    Conditions.await(WAIT, () -> gateway.sessionsStarted() == SHARDS, () -> "sessions");
    produce();
    Conditions.await(WAIT, () -> deliveries.size() > 100, () -> "no events flow");

    server.restartKeepingData(); // batches wait (retried with backoff) while Redis is away
    int after = deliveries.size();
    Conditions.await(WAIT, () -> deliveries.size() > after + 200, () -> "events stopped");
    awaitAllDelivered();

    System.out.printf(
        "cluster redis restart: %d events, longest pause %d ms, %d identifies%n",
        deliveries.size(), longestPauseMillis(), gateway.sessionsStarted());
    assertExactlyOnce();
    assertThat(gateway.sessionsStarted()).isEqualTo(SHARDS);
  }
}
