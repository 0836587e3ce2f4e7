package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.gateway.reactor.ShardLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/** Leases over a real redis-server: placement, handoff, failover, self-fencing, fences. */
class RedisShardLeasesTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  static final Duration TTL = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private final List<LettuceAdapter> adapters = new ArrayList<>();
  private final List<RedisShardLeases> started = new ArrayList<>();
  private final List<Disposable> subscriptions = new ArrayList<>();
  private final RedisKeyspace keys = RedisKeyspace.of("leases-" + CLUSTERS.incrementAndGet());

  @AfterEach
  void close() {
    started.forEach(RedisShardLeases::halt); // no node keeps running rounds after its test
    subscriptions.forEach(Disposable::dispose);
    adapters.forEach(a -> a.close().block(WAIT));
  }

  /** A node that records what it holds, and answers handoffs by releasing (like a cluster). */
  final class Node {
    final String name;
    final LettuceAdapter redis;
    final RedisShardLeases leases;
    final Map<Integer, ShardLease> holding = new ConcurrentHashMap<>();
    final List<ShardLease> acquired = new CopyOnWriteArrayList<>();
    final Map<Integer, Long> acquiredAt = new ConcurrentHashMap<>();
    final Map<Integer, Long> lostAt = new ConcurrentHashMap<>();

    Node(String name, int shards) {
      this.name = name;
      this.redis = Probe.connect(server);
      adapters.add(redis);
      this.leases = RedisShardLeases.builder(redis, keys, name, shards).leaseTtl(TTL).build();
      started.add(leases);
      subscriptions.add(leases.assignments().subscribe(this::hold));
    }

    private void hold(ShardLease lease) {
      int id = lease.shard().id();
      holding.put(id, lease);
      acquired.add(lease);
      acquiredAt.put(id, System.nanoTime());
      subscriptions.add(
          lease
              .lost()
              .subscribe(
                  null,
                  null,
                  () -> {
                    holding.remove(id, lease);
                    lostAt.put(id, System.nanoTime());
                  }));
      subscriptions.add(lease.handoff().then(leases.release(lease)).subscribe());
    }

    Node join() {
      leases.join().block(WAIT);
      return this;
    }
  }

  /** Waits until the nodes hold exactly the rendezvous placement over themselves. */
  private static void awaitCoverage(int shards, Node... nodes) {
    List<String> names = List.of(nodes).stream().map(n -> n.name).toList();
    Conditions.await(
        WAIT,
        () -> {
          for (int s = 0; s < shards; s++) {
            String owner = Rendezvous.owner(names, s);
            for (Node n : nodes) {
              if (n.holding.containsKey(s) != n.name.equals(owner)) {
                return false;
              }
            }
          }
          return true;
        },
        () ->
            "placement over "
                + names
                + " not reached: "
                + List.of(nodes).stream().map(n -> n.name + "=" + n.holding.keySet()).toList());
  }

  @Test
  void nodesSplitTheShardsAndAJoinMovesAboutOneThird() {
    Node a = new Node("a", 24).join();
    Node b = new Node("b", 24).join();
    awaitCoverage(24, a, b);
    Map<Integer, String> before = owners(a, b);

    Node c = new Node("c", 24).join();
    awaitCoverage(24, a, b, c);
    Conditions.await(WAIT, () -> !c.holding.isEmpty(), () -> "c holds nothing");
    Map<Integer, String> after = owners(a, b, c);
    long moved = before.keySet().stream().filter(s -> !before.get(s).equals(after.get(s))).count();
    System.out.printf("leases: a join moved %d of 24 shards (ideal 8)%n", moved);
    assertThat(moved).isEqualTo(c.holding.size()).isBetween(3L, 14L);
    assertThat(before.keySet().stream().filter(s -> !before.get(s).equals(after.get(s))))
        .allSatisfy(s -> assertThat(after.get(s)).isEqualTo("c"));

    // An orderly leave: c's shards are handed back, each under a greater fence.
    List<ShardLease> cHeld = List.copyOf(c.holding.values());
    c.leases.leave().block(WAIT);
    awaitCoverage(24, a, b);
    for (ShardLease old : cHeld) {
      ShardLease now = a.holding.getOrDefault(old.shard().id(), b.holding.get(old.shard().id()));
      assertThat(now.fence()).isGreaterThan(old.fence());
      assertThat(old.isLost()).isTrue();
    }
  }

  @Test
  void aHandedOverShardIsTakenSoonAfterItsReleaseNotAtTheNextRound() {
    Node a = new Node("a", 24).join();
    awaitCoverage(24, a);
    Node b = new Node("b", 24).join();
    awaitCoverage(24, a, b);

    // b won its shards while a held them: each was taken when a released it. Without asking again,
    // b would take it at its next round, up to ttl/3 (500 ms) after the release.
    long worst = 0;
    for (int shard : b.holding.keySet()) {
      long gap = b.acquiredAt.get(shard) - a.lostAt.get(shard);
      worst = Math.max(worst, gap);
    }
    System.out.printf(
        "leases: %d shards handed over, longest release-to-take %d ms (round %d ms)%n",
        b.holding.size(), worst / 1_000_000, TTL.dividedBy(3).toMillis());
    assertThat(b.holding).isNotEmpty();
    assertThat(Duration.ofNanos(worst)).isLessThan(TTL.dividedBy(6));
  }

  private static Map<Integer, String> owners(Node... nodes) {
    Map<Integer, String> owners = new ConcurrentHashMap<>();
    for (Node n : nodes) {
      n.holding.keySet().forEach(s -> owners.put(s, n.name));
    }
    return owners;
  }

  @Test
  void aCrashedNodesShardsMoveWithinNodeTtlPlusLeaseTtl() {
    Node a = new Node("a", 12).join();
    Node b = new Node("b", 12).join();
    awaitCoverage(12, a, b);
    List<ShardLease> aHeld = List.copyOf(a.holding.values());
    assertThat(aHeld).isNotEmpty();

    long crash = System.nanoTime();
    a.leases.halt(); // kill -9: no renewal, no release
    Conditions.await(
        WAIT,
        () -> aHeld.stream().allMatch(l -> b.holding.containsKey(l.shard().id())),
        () -> "b took over only " + b.holding.keySet());
    long failover =
        aHeld.stream().mapToLong(l -> b.acquiredAt.get(l.shard().id()) - crash).max().orElseThrow();
    System.out.printf(
        "leases: failover of %d shards after a crash took %d ms (lease ttl %d ms)%n",
        aHeld.size(), failover / 1_000_000, TTL.toMillis());
    assertThat(Duration.ofNanos(failover)).isLessThan(TTL.multipliedBy(2).plus(TTL.dividedBy(3)));
    for (ShardLease old : aHeld) {
      assertThat(b.holding.get(old.shard().id()).fence()).isGreaterThan(old.fence());
    }
  }

  @Test
  void aNodeThatCannotRenewFencesItselfBeforeAnotherTakesOver() {
    Node a = new Node("a", 8).join();
    Node b = new Node("b", 8).join();
    awaitCoverage(8, a, b);
    List<ShardLease> aHeld = List.copyOf(a.holding.values());
    assertThat(aHeld).isNotEmpty();

    Logger logger = (Logger) LoggerFactory.getLogger(RedisShardLeases.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
    long cut = System.nanoTime();
    a.redis.close().block(WAIT); // a loses Redis but keeps running
    Conditions.await(
        WAIT,
        () -> aHeld.stream().allMatch(l -> b.holding.containsKey(l.shard().id())),
        () -> "b took over only " + b.holding.keySet());
    long worstFence = 0;
    for (ShardLease old : aHeld) {
      int id = old.shard().id();
      assertThat(old.isLost()).isTrue();
      long lost = a.lostAt.get(id);
      long taken = b.acquiredAt.get(id);
      assertThat(lost).as("shard %d fenced before it was taken over", id).isLessThan(taken);
      assertThat(Duration.ofNanos(lost - cut)).isLessThan(TTL);
      worstFence = Math.max(worstFence, lost - cut);
    }
    try {
      // Its rounds keep failing (every ttl/3): the outage is one WARN, the rounds after it DEBUG.
      Conditions.await(
          WAIT,
          () -> failedRounds(logs, Level.DEBUG) >= 3,
          () -> "node a failed only " + failedRounds(logs, null) + " rounds");
      assertThat(failedRounds(logs, Level.WARN)).isEqualTo(1);
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(level);
    }
    System.out.printf(
        "leases: self-fence %d ms after losing Redis (ttl %d ms); takeover after %d ms%n",
        worstFence / 1_000_000,
        TTL.toMillis(),
        (aHeld.stream().mapToLong(l -> b.acquiredAt.get(l.shard().id())).max().orElseThrow() - cut)
            / 1_000_000);
  }

  /** Node a's failed lease rounds logged at {@code level} (any level when null). */
  private static long failedRounds(ListAppender<ILoggingEvent> logs, Level level) {
    return List.copyOf(logs.list).stream()
        .filter(e -> level == null || e.getLevel() == level)
        .filter(e -> e.getFormattedMessage().startsWith("node a: lease round failed"))
        .count();
  }
}
