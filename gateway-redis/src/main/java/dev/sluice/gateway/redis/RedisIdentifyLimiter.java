package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.reactor.IdentifyLimiter;
import dev.sluice.gateway.reactor.IdentifyWait;
import dev.sluice.gateway.reactor.IdentifyWait.Reason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An {@link IdentifyLimiter} shared by every process of a bot through Redis. Each decision is one
 * Lua script that reads only Redis' clock, so processes with skewed clocks still get at most one
 * Identify per {@code shard_id % max_concurrency} bucket per interval. The daily session budget is
 * seeded from {@code /gateway/bot} (the lower of Redis' count and Discord's wins) and the limiter
 * fails closed while it is unknown; Identifies stop while the budget is down to the reserve. When
 * Redis lost its state (its epoch key is gone), every Identify is held back for one interval. A
 * grant whose reply arrives later than the grant deadline after the request (measured on the
 * scheduler's clock) is thrown away, a wasted permit but never a double Identify, and asked for
 * again. While Redis cannot be reached, the wait reports {@link Reason#UNAVAILABLE} and retries
 * with backoff.
 *
 * <p>Defaults: interval 5.5 s, max concurrency 1, reserve 5, grant deadline 1 s, backoff 100 ms to
 * 5 s. Thread-safe; timers run on the configured scheduler.
 *
 * <pre>{@code
 * IdentifyLimiter limiter = RedisIdentifyLimiter.builder(redis, RedisKeyspace.of("mybot"))
 *     .maxConcurrency(bot.sessionStartLimit().maxConcurrency())
 *     .budgetLookup(GatewayBotLookup.fetch(http, api, token, scheduler).map(GatewayBot::sessionStartLimit))
 *     .build();
 * }</pre>
 */
public final class RedisIdentifyLimiter implements IdentifyLimiter {

  private static final Logger log = LoggerFactory.getLogger(RedisIdentifyLimiter.class);

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;
  private final LimiterSettings settings;
  private final Sinks.Many<IdentifyGrant> grants =
      Sinks.unsafe().many().multicast().directBestEffort();

  RedisIdentifyLimiter(LettuceAdapter redis, RedisKeyspace keys, LimiterSettings settings) {
    this.redis = redis;
    this.keys = keys;
    this.settings = settings;
  }

  /** A builder over {@code redis} in {@code keyspace}. */
  public static LimiterSettings.Builder builder(LettuceAdapter redis, RedisKeyspace keyspace) {
    return new LimiterSettings.Builder(redis, keyspace);
  }

  /**
   * Every permit this limiter is granted from now on, used or thrown away (a hot stream; slow
   * subscribers miss grants rather than slow the limiter).
   */
  public Flux<IdentifyGrant> grants() {
    return grants.asFlux();
  }

  @Override
  public Flux<IdentifyWait> acquire(ShardInfo shard) {
    return Flux.defer(
        () -> {
          AtomicInteger failures = new AtomicInteger();
          return Flux.defer(() -> step(shard, failures))
              .repeat()
              .takeUntil(Step::granted)
              .filter(s -> !s.granted())
              .map(Step::notice);
        });
  }

  /** One question to Redis: emits notices, waits as told, and ends with a grant or nothing. */
  private Flux<Step> step(ShardInfo shard, AtomicInteger failures) {
    long sent = now();
    int bucket = shard.id() % settings.maxConcurrency();
    List<String> k = List.of(keys.epoch(), keys.daily(), keys.bucket(bucket));
    List<String> a =
        List.of(
            Long.toString(settings.interval().toMillis()),
            Integer.toString(settings.reserve()),
            "shard:" + shard.id());
    return redis
        .run(LuaScripts.IDENTIFY, k, a)
        .map(LimiterReply::parse)
        .flatMapMany(reply -> decide(shard, reply, now() - sent, failures))
        .onErrorResume(
            e -> RedisCoordinationException.is(e, RedisCoordinationException.Kind.UNAVAILABLE),
            e -> unavailable(failures.incrementAndGet(), e));
  }

  private Flux<Step> decide(ShardInfo shard, LimiterReply reply, long took, AtomicInteger fails) {
    fails.set(0);
    long wait = reply.waitMillis();
    return switch (reply.decision()) {
      case GRANT -> granted(shard, reply.serverMillis(), took);
      case BUCKET -> waitThen(Reason.BUCKET, wait, "bucket " + bucketOf(shard) + " is busy");
      case QUARANTINE ->
          waitThen(Reason.QUARANTINE, wait, "redis lost its state; every identify waits");
      case BUDGET_EXHAUSTED ->
          waitThen(
              Reason.BUDGET_EXHAUSTED,
              wait < 0 ? settings.interval().toMillis() : wait,
              "session budget is down to its reserve of " + settings.reserve());
      case BUDGET_UNKNOWN -> unknown();
    };
  }

  private int bucketOf(ShardInfo shard) {
    return shard.id() % settings.maxConcurrency();
  }

  /** A grant that came too late is spent but not used: ask again (the bucket is taken). */
  private Flux<Step> granted(ShardInfo shard, long serverMillis, long took) {
    boolean inTime = took <= settings.grantDeadline().toMillis();
    synchronized (grants) {
      grants.tryEmitNext(new IdentifyGrant(shard, serverMillis, inTime));
    }
    if (inTime) {
      return Flux.just(Step.GRANT);
    }
    log.warn("identify grant arrived {} ms after the request; discarded (permit wasted)", took);
    return Flux.empty();
  }

  private Flux<Step> waitThen(Reason reason, long millis, String detail) {
    long wait = Math.max(1, millis);
    IdentifyWait notice = new IdentifyWait(reason, Duration.ofMillis(wait), detail);
    return Flux.concat(
        Mono.just(Step.of(notice)),
        Mono.delay(Duration.ofMillis(wait + 1), settings.scheduler()).then(Mono.<Step>empty()));
  }

  /** Budget unknown: ask {@code /gateway/bot}, seed Redis, and ask again; fail closed meanwhile. */
  private Flux<Step> unknown() {
    IdentifyWait notice =
        new IdentifyWait(
            Reason.BUDGET_UNKNOWN,
            settings.unknownRetry(),
            "session budget unknown; identify fails closed until it is seeded");
    Mono<Boolean> seeded =
        settings
            .budgetLookup()
            .flatMap(this::seed)
            .thenReturn(true)
            .onErrorResume(
                e -> {
                  log.warn("session budget lookup failed: {}", e.toString());
                  return Mono.just(false);
                })
            .defaultIfEmpty(false);
    return Flux.concat(
        Mono.just(Step.of(notice)),
        seeded.flatMap(
            ok ->
                ok
                    ? Mono.empty()
                    : Mono.delay(settings.unknownRetry(), settings.scheduler())
                        .then(Mono.<Step>empty())));
  }

  /** Seeds the daily budget from {@code limit}; the lower of Redis' and Discord's count wins. */
  public Mono<Long> seed(GatewayBot.SessionStartLimit limit) {
    return redis
        .run(
            LuaScripts.SEED,
            List.of(keys.daily()),
            List.of(Integer.toString(limit.remaining()), Long.toString(limit.resetAfter())))
        .map(reply -> Long.parseLong(String.valueOf(reply.get(0))));
  }

  private Flux<Step> unavailable(int failures, Throwable e) {
    long backoff =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.minBackoff().toMillis() << Math.min(20, failures - 1));
    log.debug("identify limiter: {}", e.toString());
    return waitThen(Reason.UNAVAILABLE, backoff, "redis unavailable; retrying");
  }

  private long now() {
    return settings.scheduler().now(TimeUnit.MILLISECONDS);
  }

  /** What one step yields: a notice, or the grant. */
  private record Step(IdentifyWait notice, boolean granted) {
    static final Step GRANT = new Step(null, true);

    static Step of(IdentifyWait notice) {
      return new Step(notice, false);
    }
  }
}
