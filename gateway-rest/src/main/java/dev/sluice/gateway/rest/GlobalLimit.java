package dev.sluice.gateway.rest;

/**
 * The bot's global limit (Discord: 50 requests per second across all routes, interaction endpoints
 * exempt) as a sliding log of the last {@code limit} send times, plus the pause a global 429
 * imposes. A sliding log never lets more than {@code limit} requests leave in any second, so the
 * server, whose window opens no earlier than our first send, never sees more either. Called by
 * {@link RateLimiter} under its lock; not thread-safe by itself.
 */
final class GlobalLimit {

  private static final long WINDOW_MILLIS = 1000;

  private final long[] sent;
  private int next;
  private int count;
  private long pausedUntil = Long.MIN_VALUE;

  GlobalLimit(int perSecond) {
    this.sent = new long[perSecond];
  }

  /** When a request may leave: {@code nowMillis} or later. */
  long readyAt(long nowMillis) {
    long at = Math.max(nowMillis, pausedUntil);
    if (count < sent.length) {
      return at;
    }
    return Math.max(at, sent[next] + WINDOW_MILLIS);
  }

  /** Records a request leaving now; the caller checked {@link #readyAt}. */
  void take(long nowMillis) {
    sent[next] = nowMillis;
    next = (next + 1) % sent.length;
    count = Math.min(count + 1, sent.length);
  }

  /** A global 429: nothing global-limited leaves before {@code untilMillis}. */
  void pause(long untilMillis) {
    pausedUntil = Math.max(pausedUntil, untilMillis);
  }
}
