package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.ShardLease;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fenced session store over a real redis-server. */
class RedisSessionStoreTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final long SEED = Long.getLong("sluice.seed", System.nanoTime());

  private LettuceAdapter redis;
  private RedisKeyspace keys;

  @BeforeEach
  void connect() {
    redis = Probe.connect(server);
    keys = RedisKeyspace.of("sessions-" + CLUSTERS.incrementAndGet());
  }

  @AfterEach
  void close() {
    redis.close().block(WAIT);
  }

  /** Joins a one-node cluster of {@code count} shards and returns its lease of {@code shard}. */
  private RedisShardLeases node(String name, int count) {
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, keys, name, count)
            .leaseTtl(RedisShardLeasesTest.TTL)
            .build();
    leases.join().block(WAIT);
    return leases;
  }

  private static ShardLease lease(RedisShardLeases leases, int shard) {
    Conditions.await(
        WAIT,
        () -> leases.held().stream().anyMatch(l -> l.shard().id() == shard),
        () -> "no lease of shard " + shard);
    return leases.held().stream().filter(l -> l.shard().id() == shard).findFirst().orElseThrow();
  }

  @Test
  void savesLoadsAndRemovesUnderTheLeasesFence() {
    RedisShardLeases node = node("a", 4);
    ShardLease lease = lease(node, 2);
    RedisSessionStore store = RedisSessionStore.forLease(redis, keys, lease);
    ShardInfo shard = ShardInfo.of(2, 4);
    assertThat(store.load(shard).blockOptional(WAIT)).isEmpty();

    Session session = new Session("sid-1", "wss://resume.example/", 41, shard);
    store.save(session).block(WAIT);
    assertThat(store.load(shard).block(WAIT)).isEqualTo(session);

    store.remove(shard).block(WAIT);
    assertThat(store.load(shard).blockOptional(WAIT)).isEmpty();
    assertThatThrownBy(() -> store.load(ShardInfo.of(1, 4)))
        .isInstanceOf(IllegalArgumentException.class);
    node.halt();
  }

  @Test
  void theSequenceOfOneSessionNeverGoesBackwards() {
    RedisShardLeases node = node("a", 1);
    ShardLease lease = lease(node, 0);
    RedisSessionStore store = RedisSessionStore.forLease(redis, keys, lease);
    SplittableRandom random = new SplittableRandom(SEED);
    long highest = 0;
    for (int i = 0; i < 200; i++) {
      long seq = random.nextLong(1, 10_000);
      highest = Math.max(highest, seq);
      store.save(new Session("sid-1", "wss://r/", seq, ShardInfo.SINGLE)).block(WAIT);
      assertThat(store.load(ShardInfo.SINGLE).block(WAIT).sequence())
          .as("seed %d (replay with -Dsluice.seed=%d)", SEED, SEED)
          .isEqualTo(highest);
    }
    // A new session (after a re-identify) starts its own sequence.
    store.save(new Session("sid-2", "wss://r2/", 1, ShardInfo.SINGLE)).block(WAIT);
    assertThat(store.load(ShardInfo.SINGLE).block(WAIT))
        .isEqualTo(new Session("sid-2", "wss://r2/", 1, ShardInfo.SINGLE));
    node.halt();
  }

  @Test
  void aSessionSavedUnderAnotherShardCountIsNeverLoaded() {
    RedisShardLeases old = node("a", 16);
    ShardLease lease16 = lease(old, 3);
    RedisSessionStore.forLease(redis, keys, lease16)
        .save(new Session("sid-16", "wss://r/", 9, ShardInfo.of(3, 16)))
        .block(WAIT);
    old.release(lease16).block(WAIT);
    old.halt();

    RedisShardLeases resharded = node("b", 32);
    ShardLease lease32 = lease(resharded, 3);
    RedisSessionStore store32 = RedisSessionStore.forLease(redis, keys, lease32);
    assertThat(store32.load(ShardInfo.of(3, 32)).blockOptional(WAIT)).isEmpty();
    Session fresh = new Session("sid-32", "wss://r/", 1, ShardInfo.of(3, 32));
    store32.save(fresh).block(WAIT);
    assertThat(store32.load(ShardInfo.of(3, 32)).block(WAIT)).isEqualTo(fresh);
    resharded.halt();
  }

  @Test
  void aStaleFencesWritesAreRefused() {
    RedisShardLeases zombie = node("zombie", 2);
    ShardLease stale = lease(zombie, 1);
    RedisSessionStore zombieStore = RedisSessionStore.forLease(redis, keys, stale);
    ShardInfo shard = ShardInfo.of(1, 2);
    zombieStore.save(new Session("sid-z", "wss://z/", 5, shard)).block(WAIT);
    zombie.halt(); // paused: stops renewing, but still believes it holds the lease

    RedisShardLeases successor = node("successor", 2);
    ShardLease fresh = lease(successor, 1);
    assertThat(fresh.fence()).isGreaterThan(stale.fence());
    RedisSessionStore store = RedisSessionStore.forLease(redis, keys, fresh);
    store.save(new Session("sid-z", "wss://z/", 7, shard)).block(WAIT);

    assertThat(stale.isLost()).isFalse(); // only Redis can stop it now
    for (Session write :
        List.of(
            new Session("sid-z", "wss://z/", 100, shard),
            new Session("sid-other", "wss://o/", 1, shard))) {
      assertThatThrownBy(() -> zombieStore.save(write).block(WAIT))
          .isInstanceOfSatisfying(
              RedisCoordinationException.class,
              e -> assertThat(e.kind()).isEqualTo(RedisCoordinationException.Kind.FENCED));
    }
    assertThatThrownBy(() -> zombieStore.remove(shard).block(WAIT))
        .isInstanceOf(RedisCoordinationException.class);
    assertThat(store.load(shard).block(WAIT)).isEqualTo(new Session("sid-z", "wss://z/", 7, shard));
    successor.halt();
  }
}
