package dev.sluice.gateway.reactor;

import java.time.Duration;
import java.util.Objects;

/**
 * Why an Identify is held back, as an {@link IdentifyLimiter} reports it while a shard waits for
 * its permit. Clients show it as {@link GatewayState.AwaitingIdentify}.
 *
 * @param reason why the shard waits
 * @param retryIn how long the limiter expects the wait to last, {@link Duration#ZERO} when unknown
 * @param detail a short human-readable explanation (never a secret)
 */
public record IdentifyWait(Reason reason, Duration retryIn, String detail) {

  public IdentifyWait {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(retryIn, "retryIn");
    Objects.requireNonNull(detail, "detail");
  }

  /** Why an Identify waits. */
  public enum Reason {
    /** Its turn in the {@code shard_id % max_concurrency} bucket (one Identify per 5 s). */
    BUCKET,
    /** The daily session budget is down to its reserve; waits for the reset. */
    BUDGET_EXHAUSTED,
    /** The budget is not known (a shared limiter lost it): fails closed until it is seeded. */
    BUDGET_UNKNOWN,
    /** A shared limiter lost its state and holds every Identify back for one interval. */
    QUARANTINE,
    /** The limiter's backend cannot be reached; retried with backoff. */
    UNAVAILABLE
  }
}
