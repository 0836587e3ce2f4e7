package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;

/**
 * Builds the JSON the fake server sends. Every payload carries all four keys, {@code t}, {@code s},
 * {@code op} and {@code d} (null where empty), in the order the real gateway uses.
 */
final class ServerPayloads {

  private ServerPayloads() {}

  static String frame(int op, String data, long sequence, String type) {
    return "{\"t\":"
        + (type == null ? "null" : quote(type))
        + ",\"s\":"
        + (sequence < 0 ? "null" : Long.toString(sequence))
        + ",\"op\":"
        + op
        + ",\"d\":"
        + (data == null ? "null" : data)
        + "}";
  }

  static String control(int op, String data) {
    return frame(op, data, -1, null);
  }

  static String dispatch(long sequence, String type, String data) {
    return frame(0, data, sequence, type);
  }

  static String hello(long intervalMillis) {
    return control(10, "{\"heartbeat_interval\":" + intervalMillis + "}");
  }

  static String quote(String text) {
    return Json.MAPPER.writeValueAsString(text);
  }
}
