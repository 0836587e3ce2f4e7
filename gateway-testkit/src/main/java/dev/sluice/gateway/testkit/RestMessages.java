package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages the fake's REST side created, by id, and the {@code enforce_nonce} memory: a create
 * whose nonce was seen in the same channel within the window answers with the message it created
 * then, as Discord does. Called by {@link RestRoutes} on event loops; thread-safe (synchronized).
 */
final class RestMessages {

  private record Seen(String messageId, Instant at) {}

  private final BotIdentity bot;
  private final Duration nonceWindow;
  private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
  private final Map<String, Seen> nonces = new HashMap<>();
  private final List<String> createdIds = new ArrayList<>();

  RestMessages(BotIdentity bot, Duration nonceWindow) {
    this.bot = bot;
    this.nonceWindow = nonceWindow;
  }

  /** The message an enforced nonce already created in this channel, or null. */
  synchronized ObjectNode deduplicated(String channelId, String nonce, Instant now) {
    Seen seen = nonces.get(channelId + '|' + nonce);
    if (seen == null || Duration.between(seen.at, now).compareTo(nonceWindow) > 0) {
      return null;
    }
    ObjectNode message = byId.get(seen.messageId);
    return message == null ? null : message.deepCopy();
  }

  /** Creates a message by the bot; remembers an enforced nonce. */
  synchronized ObjectNode create(
      String channelId, String content, String nonce, boolean enforce, Instant now) {
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("id", bot.id());
    author.put("username", bot.username());
    author.put("discriminator", "0");
    author.put("global_name", null);
    author.put("avatar", null);
    author.put("bot", true);
    ObjectNode message =
        (ObjectNode) Json.MAPPER.readTree(Events.message(channelId, null, content, author));
    if (nonce != null) {
      message.put("nonce", nonce);
      if (enforce) {
        nonces.put(channelId + '|' + nonce, new Seen(message.path("id").asString(), now));
      }
    }
    String id = message.path("id").asString();
    byId.put(id, message);
    createdIds.add(id);
    return message.deepCopy();
  }

  /** Edits a message; null when there is none with that id (in that channel, if not null). */
  synchronized ObjectNode edit(String channelId, String id, String content, Instant now) {
    ObjectNode message = byId.get(id);
    if (!in(message, channelId)) {
      return null;
    }
    if (content != null) {
      message.put("content", content);
    }
    message.put("edited_timestamp", now.toString());
    return message.deepCopy();
  }

  /** Deletes a message; false when there is none with that id (in that channel, if not null). */
  synchronized boolean delete(String channelId, String id) {
    ObjectNode message = byId.get(id);
    if (!in(message, channelId)) {
      return false;
    }
    byId.values().removeIf(m -> m == message);
    return true;
  }

  /** Whether the message exists (in that channel, unless {@code channelId} is null). */
  private static boolean in(ObjectNode message, String channelId) {
    return message != null
        && (channelId == null || message.path("channel_id").asString().equals(channelId));
  }

  /** Registers a message under an alias, e.g. an interaction's {@code @original}. */
  synchronized void alias(String alias, String id) {
    ObjectNode message = byId.get(id);
    if (message != null) {
      byId.put(alias, message);
    }
  }

  /** How many messages were created (duplicates answered from a nonce do not count). */
  synchronized int created() {
    return createdIds.size();
  }

  /** The messages that exist now, in creation order. */
  synchronized List<String> existing() {
    List<String> out = new ArrayList<>();
    for (String id : createdIds) {
      ObjectNode m = byId.get(id);
      if (m != null) {
        out.add(m.toString());
      }
    }
    return out;
  }
}
