package dev.sluice.gateway.core;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.util.Objects;

/**
 * The one exception type of the gateway family. Its {@link Kind} says what went wrong; the message
 * is a short lowercase fragment and never contains the bot token.
 *
 * <p>Use the static predicates in {@code retryWhen} filters, e.g. {@code
 * Retry.backoff(...).filter(t -> !GatewayException.isFatal(t))}.
 */
public final class GatewayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** An inbound frame is not a valid gateway payload (malformed JSON, missing {@code op}). */
    DECODE,
    /** A typed event body could not be bound to its record. */
    EVENT_DECODE,
    /** Transport decompression failed: corrupt or truncated compressed data. */
    COMPRESSION,
    /** An inbound message exceeds the configured maximum message size. */
    MESSAGE_TOO_LARGE,
    /** An outbound payload exceeds Discord's 4096-byte limit; it was not sent. */
    PAYLOAD_TOO_LARGE,
    /** The gateway closed the connection with a code that forbids reconnecting. */
    FATAL_CLOSE,
    /** The daily session-start budget would dip into the configured reserve. */
    SESSION_BUDGET_EXHAUSTED,
    /** A connection attempt failed or timed out (handshake, Hello, READY). */
    CONNECTION,
    /** The REST API refused the token (HTTP 401): retrying cannot help. */
    UNAUTHORIZED,
    /** A REST request failed (unexpected status, bad body, exhausted retries). */
    REST,
    /**
     * The client is configured for something this process cannot do (e.g. zstd-stream without
     * zstd-jni on the class path): fix the setup; retrying cannot help.
     */
    CONFIGURATION
  }

  private final Kind kind;
  private final GatewayCloseCode closeCode;

  private GatewayException(Kind kind, String message, GatewayCloseCode closeCode, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.closeCode = closeCode;
  }

  /** An exception of the given kind. */
  public static GatewayException of(Kind kind, String message) {
    return new GatewayException(kind, message, null, null);
  }

  /** An exception of the given kind with a cause. */
  public static GatewayException of(Kind kind, String message, Throwable cause) {
    return new GatewayException(kind, message, null, cause);
  }

  /** A fatal close: the gateway closed with {@code code}; reconnecting would fail the same way. */
  public static GatewayException fatalClose(GatewayCloseCode code, int rawCode, String reason) {
    String text =
        "fatal close "
            + rawCode
            + " ("
            + code.description()
            + ")"
            + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    return new GatewayException(Kind.FATAL_CLOSE, text, code, null);
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The close code for {@link Kind#FATAL_CLOSE}; {@code null} for other kinds. */
  public GatewayCloseCode closeCode() {
    return closeCode;
  }

  /** Whether {@code t} is a gateway exception of the given kind. */
  public static boolean is(Throwable t, Kind kind) {
    return t instanceof GatewayException g && g.kind == kind;
  }

  /**
   * Whether retrying cannot help: a fatal close code, a token the REST API refused, or a
   * configuration error.
   */
  public static boolean isFatal(Throwable t) {
    return is(t, Kind.FATAL_CLOSE) || is(t, Kind.UNAUTHORIZED) || is(t, Kind.CONFIGURATION);
  }
}
