package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic dispatch bodies ({@code d}) for {@link FakeGateway#dispatch(String, String)}.
 *
 * <pre>{@code
 * gateway.dispatch("MESSAGE_CREATE", Events.messageCreate("1001", "!ping"));
 * }</pre>
 */
public final class Events {

  /** The channel the helpers use when none is given. */
  public static final String DEFAULT_CHANNEL = "290926798999357250";

  /** The guild the helpers use when none is given. */
  public static final String DEFAULT_GUILD = "197038439483310086";

  private static final AtomicLong IDS = new AtomicLong(334385199974967042L);

  private Events() {}

  /** A MESSAGE_CREATE body from a human user in the default guild. */
  public static String messageCreate(String content) {
    return messageCreate(DEFAULT_CHANNEL, content);
  }

  /** A MESSAGE_CREATE body from a human user in a channel of the default guild. */
  public static String messageCreate(String channelId, String content) {
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("id", "53908099506183680");
    author.put("username", "Mason");
    author.put("discriminator", "0");
    author.put("global_name", "Mason");
    author.put("avatar", null);
    return message(channelId, DEFAULT_GUILD, content, author);
  }

  static String message(
      String channelId, String guildId, String content, Map<String, Object> author) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", Long.toString(IDS.incrementAndGet()));
    d.put("channel_id", channelId);
    if (guildId != null) {
      d.put("guild_id", guildId);
    }
    d.put("author", author);
    d.put("content", content);
    d.put("timestamp", Instant.now().toString());
    d.put("edited_timestamp", null);
    d.put("tts", false);
    d.put("mention_everyone", false);
    d.put("mentions", java.util.List.of());
    d.put("mention_roles", java.util.List.of());
    d.put("attachments", java.util.List.of());
    d.put("embeds", java.util.List.of());
    d.put("pinned", false);
    d.put("type", 0);
    return Json.MAPPER.writeValueAsString(d);
  }

  /** A TYPING_START body. */
  public static String typingStart(String channelId, String userId) {
    return "{\"channel_id\":\""
        + channelId
        + "\",\"guild_id\":\""
        + DEFAULT_GUILD
        + "\",\"user_id\":\""
        + userId
        + "\",\"timestamp\":"
        + Instant.now().getEpochSecond()
        + "}";
  }

  /** A GUILD_CREATE body of a small available guild. */
  public static String guildCreate(String guildId, String name) {
    return "{\"id\":\""
        + guildId
        + "\",\"name\":"
        + ServerPayloads.quote(name)
        + ",\"icon\":null,\"splash\":null,\"discovery_splash\":null,\"owner_id\":\"53908099506183680\","
        + "\"afk_channel_id\":null,\"afk_timeout\":300,\"verification_level\":0,"
        + "\"default_message_notifications\":0,\"explicit_content_filter\":0,\"mfa_level\":0,"
        + "\"nsfw_level\":0,\"premium_tier\":0,\"preferred_locale\":\"en-US\",\"system_channel_id\":null,"
        + "\"system_channel_flags\":0,\"rules_channel_id\":null,\"stickers\":[],\"stage_instances\":[],"
        + "\"guild_scheduled_events\":[],\"soundboard_sounds\":[],"
        + "\"unavailable\":false,\"large\":false,"
        + "\"member_count\":2,\"joined_at\":\"2024-01-01T00:00:00.000000+00:00\",\"roles\":[],"
        + "\"emojis\":[],\"features\":[],\"channels\":[{\"id\":\""
        + DEFAULT_CHANNEL
        + "\",\"type\":0,\"guild_id\":\""
        + guildId
        + "\",\"name\":\"general\",\"position\":0}],\"threads\":[],\"members\":[],"
        + "\"presences\":[],\"voice_states\":[]}";
  }
}
