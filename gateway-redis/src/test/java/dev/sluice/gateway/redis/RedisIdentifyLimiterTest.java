package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.reactor.IdentifyWait;
import dev.sluice.gateway.reactor.IdentifyWait.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The shared identify limiter against a real redis-server: buckets, budget, reserve. */
class RedisIdentifyLimiterTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration INTERVAL = Duration.ofMillis(250);
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private final List<LettuceAdapter> adapters = new ArrayList<>();
  private final List<Disposable> subscriptions = new ArrayList<>();

  @AfterEach
  void close() {
    subscriptions.forEach(Disposable::dispose);
    adapters.forEach(a -> a.close().block(Duration.ofSeconds(10)));
  }

  static RedisKeyspace freshKeyspace() {
    return RedisKeyspace.of("limiter-" + CLUSTERS.incrementAndGet());
  }

  private RedisIdentifyLimiter limiter(RedisKeyspace keys, int budget, int reserve) {
    LettuceAdapter redis = Probe.connect(server);
    adapters.add(redis);
    return RedisIdentifyLimiter.builder(redis, keys)
        .maxConcurrency(4)
        .interval(INTERVAL)
        .reserve(reserve)
        .budgetLookup(Mono.just(new SessionStartLimit(1000, budget, 3_600_000, 4)))
        .build();
  }

  /** Runs 16 acquires on each of 4 limiters (one Redis connection each) at once. */
  private Results acquireAll(RedisKeyspace keys, int budget, int reserve, int expectedGrants)
      throws InterruptedException {
    Results results = new Results();
    CountDownLatch granted = new CountDownLatch(expectedGrants);
    for (int user = 0; user < 4; user++) {
      RedisIdentifyLimiter limiter = limiter(keys, budget, reserve);
      subscriptions.add(limiter.grants().subscribe(results.grants::add));
      for (int i = 0; i < 16; i++) {
        ShardInfo shard = ShardInfo.of(user * 16 + i, 64);
        subscriptions.add(
            limiter
                .acquire(shard)
                .subscribe(
                    notice -> results.notice(shard, notice),
                    error -> results.errors.add(error),
                    () -> {
                      results.completed.add(shard);
                      granted.countDown();
                    }));
      }
    }
    assertThat(granted.await(60, TimeUnit.SECONDS)).as("grants in time").isTrue();
    return results;
  }

  @Test
  void fourUsersSixteenShardsNeverTwoGrantsOfABucketInsideTheInterval() throws Exception {
    Results results = acquireAll(freshKeyspace(), 200, 5, 64);

    assertThat(results.errors).isEmpty();
    assertThat(results.completed).hasSize(64);
    Map<Integer, List<Long>> byBucket = new HashMap<>();
    results.grants.forEach(
        g ->
            byBucket
                .computeIfAbsent(g.shard().id() % 4, k -> new ArrayList<>())
                .add(g.serverMillis()));
    long minGap = Long.MAX_VALUE;
    for (List<Long> times : byBucket.values()) {
      Collections.sort(times);
      for (int i = 1; i < times.size(); i++) {
        minGap = Math.min(minGap, times.get(i) - times.get(i - 1));
      }
    }
    System.out.printf(
        "limiter: %d grants (%d used), min gap between grants of one bucket %d ms%n",
        results.grants.size(), results.grants.stream().filter(IdentifyGrant::used).count(), minGap);
    assertThat(minGap).isGreaterThanOrEqualTo(INTERVAL.toMillis());
    assertThat(results.grants.stream().filter(IdentifyGrant::used).count()).isEqualTo(64);
    assertThat(results.reasons()).contains(Reason.BUCKET, Reason.QUARANTINE);
  }

  @Test
  void budgetThirtyReserveFiveGrantsExactlyTwentyFive() throws Exception {
    RedisKeyspace keys = freshKeyspace();
    Results results = acquireAll(keys, 30, 5, 25);
    // The other 39 are held back with a visible reason, and no further grant arrives.
    Conditions.await(
        Duration.ofSeconds(20),
        () -> results.exhausted.size() == 39,
        () -> "waiting for 39 BUDGET_EXHAUSTED notices, have " + results.exhausted.size());
    System.out.printf(
        "limiter budget: %d grants, %d shards told BUDGET_EXHAUSTED%n",
        results.completed.size(), results.exhausted.size());
    assertThat(results.completed).hasSize(25);
    assertThat(results.grants).hasSize(25);
    // Grants happen only while the budget is above the reserve: none can follow.
    assertThat(Probe.get(adapters.get(0), keys.daily())).isEqualTo("5");
  }

  /** What the acquires saw. */
  static final class Results {
    final List<IdentifyGrant> grants = new CopyOnWriteArrayList<>();
    final List<ShardInfo> completed = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Map<ShardInfo, List<IdentifyWait>> notices = new ConcurrentHashMap<>();
    final java.util.Set<ShardInfo> exhausted = ConcurrentHashMap.newKeySet();

    void notice(ShardInfo shard, IdentifyWait notice) {
      notices.computeIfAbsent(shard, s -> new CopyOnWriteArrayList<>()).add(notice);
      if (notice.reason() == Reason.BUDGET_EXHAUSTED) {
        exhausted.add(shard);
      }
    }

    java.util.Set<Reason> reasons() {
      java.util.Set<Reason> all = java.util.EnumSet.noneOf(Reason.class);
      notices.values().forEach(list -> list.forEach(n -> all.add(n.reason())));
      return all;
    }
  }
}
