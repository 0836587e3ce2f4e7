package dev.sluice.gateway.core;

import java.util.Objects;

/**
 * A bot token. Its {@link #toString()} is {@code <redacted>}, so a token held by any record, option
 * or exception can be logged safely. The raw value is reachable only through {@link #reveal()},
 * which Sluice calls in exactly two places: the Identify/Resume encoder and the REST {@code
 * Authorization} header.
 *
 * <pre>{@code
 * BotToken token = BotToken.of(System.getenv("DISCORD_TOKEN"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class BotToken {

  private static final String BOT_PREFIX = "Bot ";

  private final String value;

  private BotToken(String value) {
    this.value = value;
  }

  /**
   * A token from its raw text. A leading {@code "Bot "} prefix is stripped; surrounding white space
   * is trimmed.
   *
   * @throws IllegalArgumentException if the token is null or blank
   */
  public static BotToken of(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("bot token must not be blank");
    }
    String trimmed = raw.trim();
    if (trimmed.regionMatches(true, 0, BOT_PREFIX, 0, BOT_PREFIX.length())) {
      trimmed = trimmed.substring(BOT_PREFIX.length()).trim();
    }
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase(BOT_PREFIX.trim())) {
      throw new IllegalArgumentException("bot token must not be blank");
    }
    return new BotToken(trimmed);
  }

  /**
   * The raw token. Never log it; Sluice uses it only for Identify, Resume and REST authorization.
   */
  public String reveal() {
    return value;
  }

  /** The value of an HTTP {@code Authorization} header for this token: {@code Bot <token>}. */
  public String authorizationHeader() {
    return BOT_PREFIX + value;
  }

  /** Whether {@code candidate} (raw, with or without the {@code Bot } prefix) is this token. */
  public boolean matches(String candidate) {
    if (candidate == null || candidate.isBlank()) {
      return false;
    }
    return of(candidate).value.equals(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BotToken other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  /** Always {@code <redacted>}. */
  @Override
  public String toString() {
    return "<redacted>";
  }
}
