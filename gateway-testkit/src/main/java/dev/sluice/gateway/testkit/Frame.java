package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.time.Instant;

/**
 * One entry of a {@link Transcript}: a payload in either direction, or a connection opening or
 * closing.
 *
 * @param at when it happened
 * @param connection the connection's id (1, 2, ... in order of opening)
 * @param kind what happened
 * @param direction who sent it; for OPENED and CLOSED, who acted
 * @param json the payload text, or for OPENED the request path with its query
 * @param op the payload's opcode; -1 when not a payload
 * @param closeCode the close code for CLOSED; -1 when there was none (a dropped connection)
 * @param reason the close reason, or a note
 */
public record Frame(
    Instant at,
    int connection,
    Kind kind,
    Direction direction,
    String json,
    int op,
    int closeCode,
    String reason) {

  /** What a frame records. */
  public enum Kind {
    /** A connection was opened; {@code json} holds the request path and query. */
    OPENED,
    /** A gateway payload. */
    PAYLOAD,
    /** Bytes that are not a gateway payload (the fake's malformed or oversized frames). */
    RAW,
    /** The connection closed; {@code closeCode} says how. */
    CLOSED
  }

  /** Who sent a payload. */
  public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT
  }

  /** The payload decoded (for PAYLOAD frames). */
  public GatewayPayload payload() {
    if (kind != Kind.PAYLOAD) {
      throw new IllegalStateException(kind + " frame has no payload");
    }
    return GatewayCodec.decode(json);
  }

  /** The payload's {@code d} as JSON text (for PAYLOAD frames). */
  public String data() {
    return payload().data().asString();
  }

  /** The payload's {@code s}, or -1 when it has none (for PAYLOAD frames). */
  public long sequence() {
    return payload().sequence();
  }

  /** Whether the client sent this. */
  public boolean fromClient() {
    return direction == Direction.CLIENT_TO_SERVER;
  }

  @Override
  public String toString() {
    String what =
        switch (kind) {
          case OPENED -> "opened " + json;
          case CLOSED -> "closed " + closeCode + (reason == null ? "" : " " + reason);
          case RAW -> "raw " + reason;
          case PAYLOAD -> "op " + op + " " + abbreviate(json);
        };
    return at + " #" + connection + (fromClient() ? " C→S " : " S→C ") + what;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
