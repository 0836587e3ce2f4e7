package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.limit.IdentifyBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Gates every Identify (at start-up and after every re-identify; Resumes bypass it). Discord allows
 * one Identify per {@code shard_id % max_concurrency} bucket per 5 s.
 */
public interface IdentifyLimiter {

  /** Completes when {@code shard} may send Identify now; the slot is taken on completion. */
  Mono<Void> acquire(ShardInfo shard);

  /**
   * An in-process limiter: one Identify per bucket per 5 s plus {@code margin}, in the order shards
   * ask, timed on {@code scheduler}.
   */
  static IdentifyLimiter local(int maxConcurrency, Duration margin, Scheduler scheduler) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max_concurrency must be at least 1");
    }
    Duration spacing = IdentifyBuckets.WINDOW.plus(margin);
    Map<Integer, Instant> nextSlot = new HashMap<>();
    return shard ->
        Mono.defer(
            () -> {
              Instant now = Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
              Duration wait;
              synchronized (nextSlot) {
                int key = IdentifyBuckets.key(shard.id(), maxConcurrency);
                Instant slot = nextSlot.getOrDefault(key, now);
                Instant granted = slot.isBefore(now) ? now : slot;
                nextSlot.put(key, granted.plus(spacing));
                wait = Duration.between(now, granted);
              }
              return wait.isZero() ? Mono.empty() : Mono.delay(wait, scheduler).then();
            });
  }
}
