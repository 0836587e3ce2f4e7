package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads single top-level fields of a raw body with the streaming parser, skipping everything else
 * (READY can be megabytes). Called by {@link GatewayPayload} on the thread that handles the
 * payload.
 */
final class BodyFields {

  private BodyFields() {}

  static long heartbeatInterval(RawJson data) {
    long interval = -1;
    try (JsonParser p = data.parser()) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("heartbeat_interval") && value.isNumeric()) {
            interval = p.getValueAsLong();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (JacksonException e) {
      throw GatewayException.of(GatewayException.Kind.DECODE, "malformed hello", e);
    }
    if (interval <= 0) {
      throw GatewayException.of(GatewayException.Kind.DECODE, "hello without heartbeat_interval");
    }
    return interval;
  }

  static boolean isTrue(RawJson data) {
    return data.length() == 4 && data.asString().equals("true");
  }

  static GatewayPayload.ReadyInfo readyInfo(RawJson data) {
    String sessionId = null;
    String resumeUrl = null;
    try (JsonParser p = data.parser()) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value == JsonToken.VALUE_STRING && name.equals("session_id")) {
            sessionId = p.getString();
          } else if (value == JsonToken.VALUE_STRING && name.equals("resume_gateway_url")) {
            resumeUrl = p.getString();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (JacksonException e) {
      throw GatewayException.of(GatewayException.Kind.DECODE, "malformed ready", e);
    }
    if (sessionId == null || sessionId.isBlank()) {
      throw GatewayException.of(GatewayException.Kind.DECODE, "ready without session_id");
    }
    // Servers other than Discord's (and older gateway versions) omit resume_gateway_url: the
    // session is kept, and resumed on the URL it was started on (docs/protocol.md, "Tolerance").
    return new GatewayPayload.ReadyInfo(
        sessionId, resumeUrl == null || resumeUrl.isBlank() ? null : resumeUrl);
  }
}
