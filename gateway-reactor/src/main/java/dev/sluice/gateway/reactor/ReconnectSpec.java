package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.internal.session.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GatewayClient} waits between connections. Immutable: every {@code withX} returns a
 * copy, so a spec is a template that can be shared.
 *
 * <p>Defaults: after an Invalid Session a uniform random wait in [1 s, 5 s]; the first reconnect
 * after a healthy connection (one that reached READY or RESUMED and had a heartbeat acknowledged)
 * is immediate, and so is the first after one that reached READY or RESUMED and ended before an
 * ACK, but further such connections in a row back off like failures (a gateway that drops every
 * session at once is not hammered); consecutive failures back off exponentially from 1 s, doubling
 * up to 60 s, with jitter 0.5 (the wait is taken uniformly from the upper half of the step);
 * unlimited attempts.
 *
 * <pre>{@code
 * ReconnectSpec spec = ReconnectSpec.defaults().withMaxBackoff(Duration.ofSeconds(30));
 * }</pre>
 */
public final class ReconnectSpec {

  private static final ReconnectSpec DEFAULTS =
      new ReconnectSpec(
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          0.5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Long.MAX_VALUE,
          true);

  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration invalidSessionMin;
  private final Duration invalidSessionMax;
  private final long maxAttempts;
  private final boolean immediateAfterHealthy;

  private ReconnectSpec(
      Duration firstBackoff,
      Duration maxBackoff,
      double jitter,
      Duration invalidSessionMin,
      Duration invalidSessionMax,
      long maxAttempts,
      boolean immediateAfterHealthy) {
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.jitter = jitter;
    this.invalidSessionMin = invalidSessionMin;
    this.invalidSessionMax = invalidSessionMax;
    this.maxAttempts = maxAttempts;
    this.immediateAfterHealthy = immediateAfterHealthy;
  }

  /** The defaults listed above. */
  public static ReconnectSpec defaults() {
    return DEFAULTS;
  }

  /** The first backoff step. @throws IllegalArgumentException unless positive and ≤ max */
  public ReconnectSpec withFirstBackoff(Duration value) {
    requirePositive(value, "first backoff");
    if (value.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("first backoff must not exceed max backoff");
    }
    return new ReconnectSpec(
        value,
        maxBackoff,
        jitter,
        invalidSessionMin,
        invalidSessionMax,
        maxAttempts,
        immediateAfterHealthy);
  }

  /** The cap of the backoff. @throws IllegalArgumentException unless ≥ first backoff */
  public ReconnectSpec withMaxBackoff(Duration value) {
    requirePositive(value, "max backoff");
    if (value.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("max backoff must not be below first backoff");
    }
    return new ReconnectSpec(
        firstBackoff,
        value,
        jitter,
        invalidSessionMin,
        invalidSessionMax,
        maxAttempts,
        immediateAfterHealthy);
  }

  /** Jitter in [0, 1]: the wait is drawn from [step × (1 − jitter), step]. */
  public ReconnectSpec withJitter(double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1]");
    }
    return new ReconnectSpec(
        firstBackoff,
        maxBackoff,
        value,
        invalidSessionMin,
        invalidSessionMax,
        maxAttempts,
        immediateAfterHealthy);
  }

  /** The random wait after Invalid Session, uniform in [min, max]. */
  public ReconnectSpec withInvalidSessionWait(Duration min, Duration max) {
    requirePositive(min, "invalid-session wait");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("invalid-session wait: max must not be below min");
    }
    return new ReconnectSpec(
        firstBackoff, maxBackoff, jitter, min, max, maxAttempts, immediateAfterHealthy);
  }

  /** How many consecutive failed connections to tolerate before giving up. */
  public ReconnectSpec withMaxAttempts(long value) {
    if (value < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1");
    }
    return new ReconnectSpec(
        firstBackoff,
        maxBackoff,
        jitter,
        invalidSessionMin,
        invalidSessionMax,
        value,
        immediateAfterHealthy);
  }

  /** Whether the first reconnect after a healthy connection is immediate. */
  public ReconnectSpec withImmediateAfterHealthy(boolean value) {
    return new ReconnectSpec(
        firstBackoff, maxBackoff, jitter, invalidSessionMin, invalidSessionMax, maxAttempts, value);
  }

  public Duration firstBackoff() {
    return firstBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public long maxAttempts() {
    return maxAttempts;
  }

  /**
   * The wait before the next connection. Pure: the random draw is passed in.
   *
   * @param reason why the last connection ended
   * @param failuresInARow consecutive connections that ended before becoming healthy, counting the
   *     last one (0 when the last connection was healthy)
   * @param random uniform in [0, 1)
   */
  public Duration delay(DisconnectReason reason, int failuresInARow, double random) {
    return backoff().delay(reason, failuresInARow, random);
  }

  /** These waits as the lifecycle policy's numbers. */
  Backoff backoff() {
    return new Backoff(
        firstBackoff,
        maxBackoff,
        jitter,
        invalidSessionMin,
        invalidSessionMax,
        maxAttempts,
        immediateAfterHealthy);
  }

  private static void requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }

  @Override
  public String toString() {
    return "ReconnectSpec[backoff="
        + firstBackoff
        + ".."
        + maxBackoff
        + ", jitter="
        + jitter
        + ", invalidSession="
        + invalidSessionMin
        + ".."
        + invalidSessionMax
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
