package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.protocol.Opcode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A payload the fake server sends: its envelope and its body ({@code d}, as JSON text). {@link
 * #json()} writes all four keys, {@code t}, {@code s}, {@code op} and {@code d} (null where empty),
 * in the order the real gateway uses. Built by {@link GatewayProtocol} and {@link Connections}.
 */
record ServerPayload(Opcode opcode, OptionalLong sequence, Optional<String> type, String data) {

  /** A payload without sequence or event name; {@code data} null for {@code "d":null}. */
  static ServerPayload control(Opcode opcode, String data) {
    return new ServerPayload(opcode, OptionalLong.empty(), Optional.empty(), data);
  }

  /** A dispatch (op 0) numbered {@code sequence}. */
  static ServerPayload dispatch(long sequence, String type, String data) {
    return new ServerPayload(Opcode.DISPATCH, OptionalLong.of(sequence), Optional.of(type), data);
  }

  /** Hello (op 10), the first payload of every connection. */
  static ServerPayload hello(long heartbeatIntervalMillis) {
    return control(Opcode.HELLO, "{\"heartbeat_interval\":" + heartbeatIntervalMillis + "}");
  }

  /** Invalid Session (op 9); {@code d} says whether the session may be resumed. */
  static ServerPayload invalidSession(boolean resumable) {
    return control(Opcode.INVALID_SESSION, Boolean.toString(resumable));
  }

  /** The payload as the gateway writes it. */
  String json() {
    return "{\"t\":"
        + type.map(ServerPayloads::quote).orElse("null")
        + ",\"s\":"
        + (sequence.isPresent() ? Long.toString(sequence.getAsLong()) : "null")
        + ",\"op\":"
        + opcode.code()
        + ",\"d\":"
        + (data == null ? "null" : data)
        + "}";
  }
}
