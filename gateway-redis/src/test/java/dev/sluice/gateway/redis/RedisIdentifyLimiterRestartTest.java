package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.reactor.IdentifyWait;
import dev.sluice.gateway.reactor.IdentifyWait.Reason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The limiter when Redis restarts, keeps or loses its data, or cannot be reached. */
class RedisIdentifyLimiterRestartTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration INTERVAL = Duration.ofMillis(250);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private LettuceAdapter redis;
  private RedisKeyspace keys;
  private final AtomicBoolean lookupAnswers = new AtomicBoolean(true);
  private final AtomicInteger lookups = new AtomicInteger();

  @BeforeEach
  void connect() {
    redis = Probe.connect(server);
    keys = RedisIdentifyLimiterTest.freshKeyspace();
  }

  @AfterEach
  void close() {
    redis.close().block(WAIT);
  }

  private LimiterSettings.Builder builder() {
    Mono<SessionStartLimit> lookup =
        Mono.fromSupplier(
            () -> {
              lookups.incrementAndGet();
              return lookupAnswers.get() ? new SessionStartLimit(1000, 100, 3_600_000, 4) : null;
            });
    return RedisIdentifyLimiter.builder(redis, keys)
        .maxConcurrency(4)
        .interval(INTERVAL)
        .reserve(5)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .budgetLookup(lookup);
  }

  private static List<Reason> acquire(RedisIdentifyLimiter limiter, int shard) {
    return limiter
        .acquire(ShardInfo.of(shard, 16))
        .map(IdentifyWait::reason)
        .collectList()
        .block(WAIT);
  }

  @Test
  void restartWithAofKeepsTheBudgetAndTheEpoch() throws Exception {
    RedisIdentifyLimiter limiter = builder().build();
    assertThat(acquire(limiter, 0)).contains(Reason.QUARANTINE, Reason.BUDGET_UNKNOWN);
    String epoch = Probe.get(redis, keys.epoch());
    assertThat(Probe.get(redis, keys.daily())).isEqualTo("99");

    server.restartKeepingData();

    List<Reason> after = acquire(limiter, 1);
    assertThat(after).doesNotContain(Reason.QUARANTINE, Reason.BUDGET_UNKNOWN);
    assertThat(Probe.get(redis, keys.epoch())).isEqualTo(epoch);
    assertThat(Probe.get(redis, keys.daily())).isEqualTo("98");
    assertThat(lookups.get()).isEqualTo(1);
  }

  @Test
  void restartEmptyQuarantinesThenFailsClosedUntilReseeded() throws Exception {
    RedisIdentifyLimiter limiter = builder().unknownRetry(Duration.ofMillis(50)).build();
    acquire(limiter, 0);
    server.restartEmpty();
    lookupAnswers.set(false);

    List<Reason> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    Disposable waiting =
        limiter
            .acquire(ShardInfo.of(1, 16))
            .subscribe(n -> seen.add(n.reason()), e -> {}, () -> done.set(true));
    try {
      Conditions.await(
          WAIT,
          () -> seen.stream().filter(r -> r == Reason.BUDGET_UNKNOWN).count() >= 3,
          () -> "expected the limiter to keep failing closed, saw " + seen);
      assertThat(done).isFalse();
      List<Reason> known = seen.stream().filter(r -> r != Reason.UNAVAILABLE).toList();
      assertThat(known.get(0)).isEqualTo(Reason.QUARANTINE);
      assertThat(known.subList(1, known.size()))
          .isSubsetOf(Reason.QUARANTINE, Reason.BUDGET_UNKNOWN);

      lookupAnswers.set(true);
      Conditions.await(WAIT, done::get, () -> "no grant after reseeding; saw " + seen);
      assertThat(Probe.get(redis, keys.daily())).isEqualTo("99");
    } finally {
      waiting.dispose();
    }
  }

  @Test
  void unreachableRedisIsReportedAndRetriedWithBackoff() throws Exception {
    RedisIdentifyLimiter limiter = builder().build();
    acquire(limiter, 0);
    server.stop();
    List<Reason> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    Disposable waiting =
        limiter
            .acquire(ShardInfo.of(1, 16))
            .subscribe(n -> seen.add(n.reason()), e -> {}, () -> done.set(true));
    try {
      Conditions.await(
          WAIT,
          () -> seen.stream().filter(r -> r == Reason.UNAVAILABLE).count() >= 3,
          () -> "expected UNAVAILABLE notices, saw " + seen);
      assertThat(done).isFalse();
      server.start();
      Conditions.await(WAIT, done::get, () -> "no grant after redis came back; saw " + seen);
      assertThat(seen).doesNotContain(Reason.BUDGET_UNKNOWN);
    } finally {
      waiting.dispose();
    }
  }

  @Test
  void aGrantAnsweredAfterTheDeadlineIsThrownAwayAndAskedAgain() {
    JumpingClock clock = new JumpingClock(Schedulers.parallel());
    RedisIdentifyLimiter limiter =
        builder().grantDeadline(Duration.ofMillis(500)).scheduler(clock).build();
    acquire(limiter, 0); // quarantine, seed, grant: bucket 0 is taken for one interval
    List<IdentifyGrant> grants = new CopyOnWriteArrayList<>();
    Disposable watching = limiter.grants().subscribe(grants::add);
    try {
      // The next request's reply "arrives" 2 s after it was sent, on the limiter's clock.
      clock.jumpAtRead(clock.reads() + 2, 2000);
      List<Reason> reasons = acquire(limiter, 5);
      assertThat(grants).extracting(IdentifyGrant::used).containsExactly(false, true);
      // The wasted permit holds its bucket: the second ask waits for it like any other.
      assertThat(reasons).contains(Reason.BUCKET);
      assertThat(Probe.get(redis, keys.daily())).isEqualTo("97");
    } finally {
      watching.dispose();
    }
  }

  /** A scheduler whose clock jumps forward once, at a chosen read; timers are the delegate's. */
  static final class JumpingClock implements Scheduler {
    private final Scheduler delegate;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong offset = new AtomicLong();
    private volatile long jumpAt = -1;
    private volatile long jumpBy;

    JumpingClock(Scheduler delegate) {
      this.delegate = delegate;
    }

    long reads() {
      return reads.get();
    }

    void jumpAtRead(long read, long millis) {
      jumpBy = millis;
      jumpAt = read;
    }

    @Override
    public long now(TimeUnit unit) {
      if (reads.incrementAndGet() == jumpAt) {
        offset.addAndGet(jumpBy);
      }
      return unit.convert(
          delegate.now(TimeUnit.MILLISECONDS) + offset.get(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Disposable schedule(Runnable task) {
      return delegate.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      return delegate.schedule(task, delay, unit);
    }

    @Override
    public Worker createWorker() {
      return delegate.createWorker();
    }
  }
}
