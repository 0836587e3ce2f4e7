package dev.sluice.gateway.redis;

import java.util.Objects;

/**
 * The one exception type of gateway-redis. Its {@link Kind} says what went wrong; the message never
 * contains a secret (no token, no Redis password).
 */
public final class RedisCoordinationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /**
     * Redis refused a write because the writer's lease fence is stale (another owner took over).
     */
    FENCED,
    /** Redis could not be reached, or did not answer in time. Retried with backoff by callers. */
    UNAVAILABLE,
    /** Redis answered something this module does not understand (a script error, a bad reply). */
    BAD_REPLY,
    /**
     * Redis refused a batch of events that does not continue the batches it stored (the one before
     * it was not stored): nothing was appended. The publisher sends it again after that one.
     */
    OUT_OF_ORDER
  }

  private final Kind kind;

  private RedisCoordinationException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** An exception of {@code kind}. */
  public static RedisCoordinationException of(Kind kind, String message) {
    return new RedisCoordinationException(kind, message, null);
  }

  /** An exception of {@code kind} with its cause. */
  public static RedisCoordinationException of(Kind kind, String message, Throwable cause) {
    return new RedisCoordinationException(kind, message, cause);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Whether {@code t} is a {@code RedisCoordinationException} of {@code kind}. */
  public static boolean is(Throwable t, Kind kind) {
    return t instanceof RedisCoordinationException e && e.kind == kind;
  }
}
