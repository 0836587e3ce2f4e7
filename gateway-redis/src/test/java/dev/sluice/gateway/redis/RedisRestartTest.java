package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.ShardLease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;

/** Leases and sessions when Redis restarts with its AOF, or empty. */
class RedisRestartTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration TTL = Duration.ofMillis(3000);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private LettuceAdapter redis;
  private RedisShardLeases leases;
  private final List<ShardLease> granted = new CopyOnWriteArrayList<>();
  private final Map<Integer, ShardLease> holding = new ConcurrentHashMap<>();
  private Disposable watching;
  private final RedisKeyspace keys = RedisKeyspace.of("restart");

  @BeforeEach
  void join() {
    redis = Probe.connect(server);
    leases = RedisShardLeases.builder(redis, keys, "a", 4).leaseTtl(TTL).build();
    watching =
        leases
            .assignments()
            .subscribe(
                lease -> {
                  granted.add(lease);
                  holding.put(lease.shard().id(), lease);
                  lease
                      .lost()
                      .subscribe(null, null, () -> holding.remove(lease.shard().id(), lease));
                });
    leases.join().block(WAIT);
    Conditions.await(WAIT, () -> holding.size() == 4, () -> "holding " + holding.keySet());
  }

  @AfterEach
  void close() {
    leases.halt();
    watching.dispose();
    redis.close().block(WAIT);
  }

  private Session save(int seq) {
    ShardLease lease = holding.get(1);
    Session session = new Session("sid", "wss://r/", seq, ShardInfo.of(1, 4));
    RedisSessionStore.forLease(redis, keys, lease).save(session).block(WAIT);
    return session;
  }

  @Test
  void withItsAofRedisKeepsLeasesAndSessions() throws Exception {
    Session saved = save(17);
    List<ShardLease> before = List.copyOf(granted);

    server.restartKeepingData();

    // The next renewals succeed: no lease is lost, none is granted anew, the session is intact.
    ShardLease lease = holding.get(1);
    Conditions.await(
        WAIT,
        () -> {
          try {
            RedisSessionStore.forLease(redis, keys, lease)
                .save(new Session("sid", "wss://r/", 18, saved.shard()))
                .block(WAIT);
            return true;
          } catch (RedisCoordinationException e) {
            return false; // UNAVAILABLE while Lettuce reconnects
          }
        },
        () -> "no write after the restart");
    assertThat(granted).isEqualTo(before);
    assertThat(before).allSatisfy(l -> assertThat(l.isLost()).isFalse());
    assertThat(RedisSessionStore.forLease(redis, keys, lease).load(saved.shard()).block(WAIT))
        .isEqualTo(saved.withSequence(18));
  }

  @Test
  void emptyRedisLosesTheLeasesAndGrantsThemAgainUnderGreaterFences() throws Exception {
    save(17);
    Map<Integer, Long> fences = new ConcurrentHashMap<>();
    holding.forEach((id, lease) -> fences.put(id, lease.fence()));
    List<ShardLease> before = List.copyOf(holding.values());

    server.restartEmpty();

    Conditions.await(
        WAIT,
        () -> before.stream().allMatch(ShardLease::isLost) && holding.size() == 4,
        () -> "leases not granted again: " + holding);
    holding.forEach((id, lease) -> assertThat(lease.fence()).isGreaterThan(fences.get(id)));
    ShardLease lease = holding.get(1);
    assertThat(
            RedisSessionStore.forLease(redis, keys, lease).load(lease.shard()).blockOptional(WAIT))
        .isEmpty();
  }
}
