package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The checks Discord makes on the body of an Identify before anything else, each answered with its
 * close code. Pure functions, called by {@link GatewayProtocol} under its lock.
 */
final class HandshakeChecks {

  private HandshakeChecks() {}

  /** The close code Discord answers this Identify's body with, if any (GATEWAY.md 6, 7.7). */
  static Optional<GatewayCloseCode> refuseIdentify(
      JsonNode d, BotIdentity bot, FakeGatewayBuilder config) {
    if (d == null || !d.path("token").isString() || !d.path("intents").isIntegralNumber()) {
      return Optional.of(GatewayCloseCode.DECODE_ERROR);
    }
    if (!bot.accepts(config.token, d.path("token").asString())) {
      return Optional.of(GatewayCloseCode.AUTHENTICATION_FAILED);
    }
    if (shardOf(d).isEmpty()) {
      return Optional.of(GatewayCloseCode.INVALID_SHARD);
    }
    try {
      Intents requested = Intents.fromBits(d.path("intents").asLong());
      return requested.without(config.disallowedIntents).equals(requested)
          ? Optional.empty()
          : Optional.of(GatewayCloseCode.DISALLOWED_INTENTS);
    } catch (IllegalArgumentException e) {
      return Optional.of(GatewayCloseCode.INVALID_INTENTS);
    }
  }

  /** The shard an Identify asks for ({@code [0, 1]} when none), empty when invalid. */
  static Optional<ShardInfo> shardOf(JsonNode d) {
    JsonNode s = d.path("shard");
    if (!s.isArray()) {
      return Optional.of(ShardInfo.SINGLE);
    }
    try {
      return Optional.of(ShardInfo.of(s.get(0).asInt(), s.get(1).asInt()));
    } catch (IllegalArgumentException | NullPointerException | JacksonException e) {
      return Optional.empty();
    }
  }

  /** The payload's {@code d} when it is a JSON object, else null (a decode error). */
  static JsonNode body(GatewayPayload payload) {
    try {
      JsonNode node = Json.MAPPER.readTree(payload.data().asString());
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
