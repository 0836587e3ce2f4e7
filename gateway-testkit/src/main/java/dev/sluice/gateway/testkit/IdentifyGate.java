package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.ShardInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which Identifies may start a session, as Discord decides it: at most one per concurrency bucket
 * ({@code shard_id % max_concurrency}) per identify window, and no more than the session-start
 * budget, which refills after its reset interval (GATEWAY.md 8.3 and 2.2). Called by {@link
 * GatewayProtocol} under its lock; not thread-safe on its own.
 */
final class IdentifyGate {

  /** What happens to an Identify that passed the payload checks. */
  enum Verdict {
    /** A session starts; the bucket and the budget are charged. */
    ADMITTED,
    /** Another Identify of the bucket was admitted within the window: op 9. */
    BUCKET_BUSY,
    /** No session starts are left until the reset: op 9. */
    BUDGET_SPENT
  }

  private final FakeGatewayBuilder config;
  private final Map<Integer, Instant> lastAdmittedByBucket = new HashMap<>();
  private int remaining;
  private Instant resetAt;
  private int started;
  private int violations;

  IdentifyGate(FakeGatewayBuilder config, Instant now) {
    this.config = config;
    this.remaining = config.sessionRemaining;
    this.resetAt = now.plus(config.sessionResetAfter);
  }

  Verdict admit(ShardInfo shard, Instant now) {
    int bucket = shard.id() % config.maxConcurrency;
    Instant last = lastAdmittedByBucket.get(bucket);
    if (last != null && now.isBefore(last.plus(config.identifyWindow))) {
      violations++;
      return Verdict.BUCKET_BUSY;
    }
    if (!now.isBefore(resetAt)) {
      remaining = config.sessionTotal;
      resetAt = now.plus(config.sessionResetAfter);
    }
    if (remaining == 0) {
      return Verdict.BUDGET_SPENT;
    }
    remaining--;
    lastAdmittedByBucket.put(bucket, now);
    started++;
    return Verdict.ADMITTED;
  }

  /** Sessions started so far. */
  int started() {
    return started;
  }

  /** Identifies refused because their bucket was busy. */
  int violations() {
    return violations;
  }

  /** Session starts left before the reset. */
  int remaining() {
    return remaining;
  }

  /** The {@code session_start_limit} object of {@code GET /gateway/bot}. */
  String sessionStartLimitJson(Instant now) {
    long resetAfter = Math.max(0, Duration.between(now, resetAt).toMillis());
    return "{\"total\":"
        + config.sessionTotal
        + ",\"remaining\":"
        + remaining
        + ",\"reset_after\":"
        + resetAfter
        + ",\"max_concurrency\":"
        + config.maxConcurrency
        + "}";
  }
}
