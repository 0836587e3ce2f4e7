package dev.sluice.gateway.core.internal.limit;

import java.time.Duration;
import java.time.Instant;

/**
 * The daily session-start budget ({@code session_start_limit}, GATEWAY.md 2.2) with a reserve that
 * Sluice never spends: running out resets the bot's token, so identifying stops while {@code
 * remaining <= reserve} and waits for the reset. Immutable; time is passed in.
 *
 * @param total session starts per window
 * @param remaining starts left now
 * @param resetAt when the window resets
 * @param reserve starts never spent automatically
 */
public record SessionBudget(int total, int remaining, Instant resetAt, int reserve) {

  /** The window Discord uses when a reset does not say otherwise. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  /**
   * @throws IllegalArgumentException on negative values or {@code remaining > total}
   */
  public SessionBudget {
    if (total < 0 || remaining < 0 || reserve < 0 || remaining > total) {
      throw new IllegalArgumentException(
          "invalid budget: total=" + total + " remaining=" + remaining + " reserve=" + reserve);
    }
  }

  /** A budget from {@code /gateway/bot}'s {@code session_start_limit}, observed at {@code now}. */
  public static SessionBudget of(
      int total, int remaining, Duration resetAfter, int reserve, Instant now) {
    return new SessionBudget(total, remaining, now.plus(resetAfter), reserve);
  }

  /** The budget at {@code now}: full again once the reset time has passed. */
  public SessionBudget at(Instant now) {
    if (now.isBefore(resetAt)) {
      return this;
    }
    return new SessionBudget(total, total, now.plus(DEFAULT_WINDOW), reserve);
  }

  /** Whether an Identify may start a session without touching the reserve. */
  public boolean canIdentify() {
    return remaining > reserve;
  }

  /** Starts that may still be spent before the reserve. */
  public int spendable() {
    return Math.max(0, remaining - reserve);
  }

  /**
   * The budget after one Identify.
   *
   * @throws IllegalStateException when the Identify would dip into the reserve
   */
  public SessionBudget consume() {
    if (!canIdentify()) {
      throw new IllegalStateException("session budget is down to its reserve");
    }
    return new SessionBudget(total, remaining - 1, resetAt, reserve);
  }

  /** How long until the window resets. */
  public Duration untilReset(Instant now) {
    Duration d = Duration.between(now, resetAt);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
