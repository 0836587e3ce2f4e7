package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a {@link Transcript}: a connection opening, a gateway payload in either direction,
 * bytes that are not a payload, or a connection closing. Each kind is a record with only the fields
 * that mean something for it; match on them:
 *
 * <pre>{@code
 * for (Frame frame : gateway.transcript().all()) {
 *   if (frame instanceof Frame.Payload p && p.isDispatch("READY")) {
 *     System.out.println("READY on connection " + p.connection() + ": " + p.dataTree());
 *   } else if (frame instanceof Frame.Closed c) {
 *     System.out.println(
 *         "closed with " + c.code() + " by " + (c.byClient() ? "client" : "server"));
 *   }
 * }
 * }</pre>
 *
 * <p>Frames are immutable values; connection ids count from 1 in order of opening.
 */
public sealed interface Frame permits Frame.Opened, Frame.Payload, Frame.Raw, Frame.Closed {

  /** When it happened, by the gateway's clock. */
  Instant at();

  /** The connection's id (1, 2, ... in order of opening). */
  int connection();

  /**
   * Whether the client acted: sent the payload or bytes, opened the connection (always), or closed
   * it (a close frame from the client, or the client's socket going away).
   */
  boolean fromClient();

  /** Who sent a payload or raw bytes. */
  enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT
  }

  /**
   * A client opened a WebSocket connection.
   *
   * @param path the request path with its query, e.g. {@code /?v=10&encoding=json}
   */
  record Opened(Instant at, int connection, String path) implements Frame {

    public Opened {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(path, "path");
    }

    @Override
    public boolean fromClient() {
      return true;
    }

    @Override
    public String toString() {
      return prefix(this) + "opened " + path;
    }
  }

  /**
   * A gateway payload. The envelope ({@code op}, {@code s}, {@code t}) is read once when the frame
   * is recorded; {@link #data()} reads {@code d} from {@link #json()} on each call.
   *
   * @param direction who sent it
   * @param opcode the payload's {@code op}; {@link Opcode#UNKNOWN} for a value Sluice does not know
   *     (the raw value is in {@link #json()})
   * @param sequence the payload's {@code s}, empty when null or absent
   * @param type the payload's {@code t} (the event name of a dispatch), empty when null or absent
   * @param json the payload as sent, as text
   */
  record Payload(
      Instant at,
      int connection,
      Direction direction,
      Opcode opcode,
      OptionalLong sequence,
      Optional<String> type,
      String json)
      implements Frame {

    public Payload {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(opcode, "opcode");
      Objects.requireNonNull(sequence, "sequence");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean fromClient() {
      return direction == Direction.CLIENT_TO_SERVER;
    }

    /** Whether this is a dispatch (op 0) named {@code eventType}. */
    public boolean isDispatch(String eventType) {
      return opcode == Opcode.DISPATCH && type.filter(eventType::equals).isPresent();
    }

    /**
     * The payload's {@code d} as JSON text, exactly as sent (the text {@code null} when null).
     *
     * @throws dev.sluice.gateway.core.GatewayException of kind DECODE if {@link #json()} is not a
     *     payload (only for frames built by hand)
     */
    public String data() {
      return GatewayCodec.decode(json).data().asString();
    }

    /** The payload's {@code d} as a Jackson tree (a null node when it is null). */
    public JsonNode dataTree() {
      return Json.MAPPER.readTree(data());
    }

    @Override
    public String toString() {
      String what = json.length() > 200 ? json.substring(0, 200) + "…" : json;
      return prefix(this) + "op " + opcode.name() + " " + what;
    }
  }

  /**
   * Bytes that are not a gateway payload: a client's frame the fake refused (too large, not JSON),
   * or the fake's own malformed frame.
   *
   * @param direction who sent them
   * @param note what they were: their text, or their size when too large to keep
   */
  record Raw(Instant at, int connection, Direction direction, String note) implements Frame {

    public Raw {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(note, "note");
    }

    @Override
    public boolean fromClient() {
      return direction == Direction.CLIENT_TO_SERVER;
    }

    @Override
    public String toString() {
      return prefix(this) + "raw " + note;
    }
  }

  /**
   * The connection closed.
   *
   * @param byClient whether the client closed it (or its socket went away); otherwise the fake did
   * @param code the close code of the close frame; empty when the TCP connection ended without one
   * @param reason the close reason, or a note such as "dropped by server" (never null)
   */
  record Closed(Instant at, int connection, boolean byClient, OptionalInt code, String reason)
      implements Frame {

    public Closed {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(code, "code");
      reason = reason == null ? "" : reason;
    }

    @Override
    public boolean fromClient() {
      return byClient;
    }

    /**
     * The close code as the gateway vocabulary reads it; {@link GatewayCloseCode#UNKNOWN} for codes
     * Discord does not document (1000, 4900, ...) and when there was no close frame.
     */
    public GatewayCloseCode closeCode() {
      return code.isPresent() ? GatewayCloseCode.of(code.getAsInt()) : GatewayCloseCode.UNKNOWN;
    }

    @Override
    public String toString() {
      return prefix(this)
          + "closed "
          + (code.isPresent() ? Integer.toString(code.getAsInt()) : "without a close frame")
          + (reason.isEmpty() ? "" : " " + reason);
    }
  }

  private static String prefix(Frame frame) {
    return frame.at() + " #" + frame.connection() + (frame.fromClient() ? " C→S " : " S→C ");
  }
}
