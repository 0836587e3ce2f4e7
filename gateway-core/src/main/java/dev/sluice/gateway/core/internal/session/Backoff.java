package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import java.time.Duration;

/**
 * The waits between connections, as numbers: an Invalid Session waits uniformly in [{@code
 * invalidSessionMin}, {@code invalidSessionMax}]; the first reconnect after a healthy connection is
 * immediate (when {@code immediateAfterHealthy}); consecutive failures back off exponentially from
 * {@code first}, doubling up to {@code max}, each step shortened by up to {@code jitter}. Built
 * from the public {@code ReconnectSpec}; validated there.
 */
public record Backoff(
    Duration first,
    Duration max,
    double jitter,
    Duration invalidSessionMin,
    Duration invalidSessionMax,
    long maxAttempts,
    boolean immediateAfterHealthy) {

  /**
   * The wait before the next connection. Pure: the random draw is passed in.
   *
   * @param reason why the last connection ended
   * @param failuresInARow consecutive connections that ended before becoming healthy, counting the
   *     last one (0 when the last connection was healthy)
   * @param random uniform in [0, 1)
   */
  public Duration delay(DisconnectReason reason, int failuresInARow, double random) {
    if (reason instanceof DisconnectReason.InvalidSession) {
      long span = invalidSessionMax.toMillis() - invalidSessionMin.toMillis();
      return invalidSessionMin.plusMillis(Math.round(span * random));
    }
    if (failuresInARow == 0 && immediateAfterHealthy) {
      return Duration.ZERO;
    }
    int step = Math.max(1, failuresInARow);
    long base = first.toMillis();
    long cap = max.toMillis();
    long backoff = step >= 32 ? cap : Math.min(cap, base << (step - 1));
    long jittered = Math.round(backoff * (1 - jitter * random));
    return Duration.ofMillis(Math.max(0, Math.min(cap, jittered)));
  }
}
