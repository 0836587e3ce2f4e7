package dev.sluice.gateway.core.model;

import java.time.Duration;

/**
 * The body of {@code GET /gateway/bot}: where to connect, how many shards Discord recommends and
 * the session-start budget.
 *
 * @param url the gateway URL, without query string
 * @param shards the recommended shard count
 */
public record GatewayBot(String url, int shards, SessionStartLimit sessionStartLimit) {

  /**
   * {@code session_start_limit}.
   *
   * @param total session starts per window
   * @param remaining starts left in the current window
   * @param resetAfter milliseconds until the window resets
   * @param maxConcurrency Identify requests allowed per 5 s
   */
  public record SessionStartLimit(int total, int remaining, long resetAfter, int maxConcurrency) {

    /** {@link #resetAfter()} as a duration. */
    public Duration resetAfterDuration() {
      return Duration.ofMillis(resetAfter);
    }
  }
}
