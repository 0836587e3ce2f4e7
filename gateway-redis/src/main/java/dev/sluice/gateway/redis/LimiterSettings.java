package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of a {@link RedisIdentifyLimiter}, validated when set. Immutable.
 *
 * @param maxConcurrency {@code max_concurrency} from {@code /gateway/bot}: the number of buckets
 * @param interval how long a bucket stays taken after a grant: Discord's 5 s plus a margin
 * @param reserve session starts never spent automatically
 * @param grantDeadline a grant whose reply takes longer than this is thrown away
 * @param budgetLookup where the daily budget comes from when Redis does not know it
 * @param unknownRetry how long to wait before asking again while the budget stays unknown
 * @param minBackoff the first wait while Redis is unavailable, doubled up to {@code maxBackoff}
 * @param maxBackoff the longest wait while Redis is unavailable
 * @param scheduler every timer, and the clock of the grant deadline
 */
public record LimiterSettings(
    int maxConcurrency,
    Duration interval,
    int reserve,
    Duration grantDeadline,
    Mono<GatewayBot.SessionStartLimit> budgetLookup,
    Duration unknownRetry,
    Duration minBackoff,
    Duration maxBackoff,
    Scheduler scheduler) {

  /** Builds a {@link RedisIdentifyLimiter}; see the record's components for each setting. */
  public static final class Builder {
    private final LettuceAdapter redis;
    private final RedisKeyspace keyspace;
    private int maxConcurrency = 1;
    private Duration interval = Duration.ofMillis(5500);
    private int reserve = 5;
    private Duration grantDeadline = Duration.ofSeconds(1);
    private Mono<GatewayBot.SessionStartLimit> budgetLookup = Mono.empty();
    private Duration unknownRetry;
    private Duration minBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Scheduler scheduler = Schedulers.parallel();

    Builder(LettuceAdapter redis, RedisKeyspace keyspace) {
      this.redis = Objects.requireNonNull(redis, "redis");
      this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
    }

    /** {@code max_concurrency}, at least 1 (default 1). */
    public Builder maxConcurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("max_concurrency must be at least 1, was " + value);
      }
      this.maxConcurrency = value;
      return this;
    }

    /** The bucket interval (default 5.5 s: Discord's 5 s plus 500 ms); tests use ~250 ms. */
    public Builder interval(Duration value) {
      this.interval = positive(value, "interval");
      return this;
    }

    /** Session starts kept back (default 5), not negative. */
    public Builder reserve(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("reserve must not be negative, was " + value);
      }
      this.reserve = value;
      return this;
    }

    /** A grant answered later than this after the request is thrown away (default 1 s). */
    public Builder grantDeadline(Duration value) {
      this.grantDeadline = positive(value, "grant deadline");
      return this;
    }

    /**
     * Where the budget comes from while Redis does not know it, e.g. {@code
     * GatewayBotLookup.fetch(...).map(GatewayBot::sessionStartLimit)}. Default: nowhere, so the
     * limiter stays closed until something calls {@link RedisIdentifyLimiter#seed}.
     */
    public Builder budgetLookup(Mono<GatewayBot.SessionStartLimit> value) {
      this.budgetLookup = Objects.requireNonNull(value, "budgetLookup");
      return this;
    }

    /** The wait before asking again while the budget stays unknown (default: the interval). */
    public Builder unknownRetry(Duration value) {
      this.unknownRetry = positive(value, "unknown retry");
      return this;
    }

    /** Backoff while Redis is unavailable (default 100 ms doubling to 5 s). */
    public Builder backoff(Duration min, Duration max) {
      positive(min, "min backoff");
      positive(max, "max backoff");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("max backoff must not be below min backoff");
      }
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /** The scheduler of every timer and of the grant deadline's clock (default parallel). */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /** The limiter. */
    public RedisIdentifyLimiter build() {
      LimiterSettings settings =
          new LimiterSettings(
              maxConcurrency,
              interval,
              reserve,
              grantDeadline,
              budgetLookup,
              unknownRetry == null ? interval : unknownRetry,
              minBackoff,
              maxBackoff,
              scheduler);
      return new RedisIdentifyLimiter(redis, keyspace, settings);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
