package dev.sluice.spring.boot;

import dev.sluice.gateway.core.BotToken;
import java.util.regex.Pattern;

/**
 * {@code sluice.token} is missing or cannot be a bot token. Its message says which, and never
 * contains the value; {@link TokenFailureAnalyzer} turns it into a start-up report saying what to
 * set.
 */
public final class InvalidTokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  // Three base64url parts separated by dots, as Discord issues them.
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){2}");

  /** What is wrong with the token. */
  public enum Kind {
    /** {@code sluice.token} is not set, or blank. */
    MISSING,
    /** It is set but is not three dot-separated parts (a {@code Bot } prefix, quotes, spaces). */
    MALFORMED
  }

  private final Kind kind;

  private InvalidTokenException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** What is wrong. */
  public Kind kind() {
    return kind;
  }

  /**
   * The token of {@code raw}, checked.
   *
   * @throws InvalidTokenException when it is missing or malformed
   */
  static BotToken check(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidTokenException(Kind.MISSING, "sluice.token is not set");
    }
    if (!SHAPE.matcher(raw).matches()) {
      throw new InvalidTokenException(
          Kind.MALFORMED,
          "sluice.token is malformed: a bot token is three parts separated by dots, "
              + "without a 'Bot ' prefix, quotes or spaces");
    }
    return BotToken.of(raw);
  }
}
