package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.List;

/**
 * The bodies ({@code d}) the fake server writes itself: READY, GUILD_MEMBERS_CHUNK, {@code GET
 * /gateway/bot}, and the malformed frame of {@link FakeGateway#sendMalformedFrame()}. Envelopes are
 * written by {@link ServerPayload}.
 */
final class ServerPayloads {

  /** The API version READY reports. */
  static final int API_VERSION = 10;

  private ServerPayloads() {}

  static String quote(String text) {
    return Json.MAPPER.writeValueAsString(text);
  }

  /** A dispatch cut off inside its body: not JSON. */
  static String malformed() {
    return "{\"op\":" + Opcode.DISPATCH.code() + ",\"d\":{\"broken\"";
  }

  /** READY for a new session of {@code shard} that sees {@code guildIds} (all unavailable). */
  static String ready(
      BotIdentity bot, String sessionId, ShardInfo shard, List<String> guildIds, String resumeUrl) {
    StringBuilder guilds = new StringBuilder("[");
    for (String id : guildIds) {
      guilds
          .append(guilds.length() > 1 ? "," : "")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"unavailable\":true}");
    }
    guilds.append(']');
    return "{\"v\":"
        + API_VERSION
        + ",\"user\":"
        + bot.userJson()
        + ",\"guilds\":"
        + guilds
        + ",\"session_id\":\""
        + sessionId
        + "\",\"resume_gateway_url\":"
        + quote(resumeUrl)
        + ",\"shard\":["
        + shard.id()
        + ","
        + shard.count()
        + "],\"application\":{\"id\":\""
        + bot.id()
        + "\",\"flags\":0}}";
  }

  /** The one (empty) chunk answering a Request Guild Members. */
  static String membersChunk(String guildId, String nonce) {
    return "{\"guild_id\":"
        + quote(guildId)
        + ",\"members\":[],\"chunk_index\":0,\"chunk_count\":1"
        + (nonce == null ? "" : ",\"nonce\":" + quote(nonce))
        + "}";
  }

  /** The body of {@code GET /gateway/bot}. */
  static String gatewayBot(String url, int shards, String sessionStartLimit) {
    return "{\"url\":"
        + quote(url)
        + ",\"shards\":"
        + shards
        + ",\"session_start_limit\":"
        + sessionStartLimit
        + "}";
  }
}
