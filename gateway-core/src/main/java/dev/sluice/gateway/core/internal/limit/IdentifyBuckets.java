package dev.sluice.gateway.core.internal.limit;

import java.time.Duration;
import java.time.Instant;

/**
 * Identify concurrency arithmetic (GATEWAY.md 8.3): shards are gated by {@code shard_id %
 * max_concurrency}, one Identify per key per 5 s; fed in shard-id order, shard {@code i} of a cold
 * start identifies in round {@code i / max_concurrency}.
 */
public final class IdentifyBuckets {

  /** Discord's identify window per rate-limit key. */
  public static final Duration WINDOW = Duration.ofSeconds(5);

  private IdentifyBuckets() {}

  /**
   * The rate-limit key of a shard.
   *
   * @throws IllegalArgumentException when {@code maxConcurrency < 1} or {@code shardId < 0}
   */
  public static int key(int shardId, int maxConcurrency) {
    check(shardId, maxConcurrency);
    return shardId % maxConcurrency;
  }

  /** The 0-based round in which a shard identifies during a cold start in shard-id order. */
  public static int startRound(int shardId, int maxConcurrency) {
    check(shardId, maxConcurrency);
    return shardId / maxConcurrency;
  }

  /**
   * How long a key must still wait before its next Identify.
   *
   * @param lastIdentify when the key last identified, or null if never
   * @param spacing the window plus any safety margin
   */
  public static Duration delay(Instant lastIdentify, Instant now, Duration spacing) {
    if (lastIdentify == null) {
      return Duration.ZERO;
    }
    Duration wait = Duration.between(now, lastIdentify.plus(spacing));
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static void check(int shardId, int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException(
          "max_concurrency must be at least 1, was " + maxConcurrency);
    }
    if (shardId < 0) {
      throw new IllegalArgumentException("shard id must not be negative, was " + shardId);
    }
  }
}
