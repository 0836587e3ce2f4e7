package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.Fixtures;
import java.util.ArrayList;
import java.util.List;

/**
 * Dispatch bodies for the typed-decoding tests: every dispatch fixture, plus the hot event types
 * shaped and key-ordered as Discord sends them today (as the benchmark corpus makes them).
 */
final class TypedSamples {

  /** A dispatch: its name and its body. */
  record Sample(String type, String body) {}

  private static final String USER =
      "{\"username\":\"user1\",\"public_flags\":0,\"id\":\"400000000000000001\","
          + "\"global_name\":\"User One\",\"discriminator\":\"0\",\"clan\":null,"
          + "\"avatar_decoration_data\":null,\"avatar\":\"0123456789abcdef0123456789abcdef\"}";

  private static final String MEMBER =
      "{\"user\":"
          + USER
          + ",\"roles\":[\"1300000000000001001\",\"1300000000000001002\"],"
          + "\"premium_since\":null,\"pending\":false,\"nick\":null,\"mute\":false,"
          + "\"joined_at\":\"2023-04-05T10:11:12.000000+00:00\",\"flags\":0,\"deaf\":false,"
          + "\"communication_disabled_until\":null,\"banner\":null,\"avatar\":null}";

  private static final List<Sample> HOT =
      List.of(
          new Sample(
              "MESSAGE_CREATE",
              "{\"type\":0,\"tts\":false,\"timestamp\":\"2025-11-28T10:00:00.000000+00:00\","
                  + "\"pinned\":false,\"nonce\":\"1400000000000000077\",\"mentions\":["
                  + USER.substring(0, USER.length() - 1)
                  + ",\"member\":{\"roles\":[],\"nick\":null}}],\"mention_roles\":[],"
                  + "\"mention_everyone\":false,\"member\":"
                  + MEMBER
                  + ",\"id\":\"1400000000000000000\",\"flags\":0,\"embeds\":[{\"title\":\"t\","
                  + "\"fields\":[{\"name\":\"a\",\"value\":\"b\"}]}],\"edited_timestamp\":null,"
                  + "\"content\":\"hello there \\u00e9\\\"quoted\\\" 🔥\",\"components\":[],"
                  + "\"channel_id\":\"1200000000000000001\",\"author\":"
                  + USER
                  + ",\"attachments\":[{\"id\":\"1400000000000000099\",\"filename\":\"a.png\","
                  + "\"size\":12345,\"url\":\"https://x/a.png\",\"proxy_url\":\"https://y/a.png\","
                  + "\"content_type\":\"image/png\",\"width\":10}],"
                  + "\"guild_id\":\"1100000000000000000\"}"),
          new Sample(
              "PRESENCE_UPDATE",
              "{\"user\":{\"id\":\"400000000000000001\"},\"status\":\"idle\","
                  + "\"guild_id\":\"1100000000000000000\",\"client_status\":{\"desktop\":\"idle\","
                  + "\"mobile\":null},\"broadcast\":null,\"activities\":[{\"type\":0,"
                  + "\"timestamps\":{\"start\":1764000000000},\"session_id\":\"abc\","
                  + "\"name\":\"Game\",\"id\":\"0123\",\"created_at\":1764000005000,"
                  + "\"application_id\":\"400000000000009001\"},{\"type\":4,\"name\":\"Custom\","
                  + "\"state\":\"busy\",\"url\":null}]}"),
          new Sample(
              "TYPING_START",
              "{\"user_id\":\"400000000000000001\",\"timestamp\":1764316867,\"member\":"
                  + MEMBER
                  + ",\"channel_id\":\"1200000000000000001\","
                  + "\"guild_id\":\"1100000000000000000\"}"),
          new Sample(
              "MESSAGE_REACTION_ADD",
              "{\"user_id\":\"400000000000000001\",\"type\":0,"
                  + "\"message_id\":\"1400000000000000000\","
                  + "\"message_author_id\":\"400000000000000002\",\"member\":"
                  + MEMBER
                  + ",\"emoji\":{\"name\":\"🔥\",\"id\":null},"
                  + "\"channel_id\":\"1200000000000000001\",\"burst\":false,"
                  + "\"guild_id\":\"1100000000000000000\"}"),
          new Sample(
              "GUILD_MEMBER_UPDATE",
              "{\"user\":"
                  + USER
                  + ",\"roles\":[\"1300000000000001001\"],\"premium_since\":null,"
                  + "\"pending\":false,\"nick\":\"nick 1\","
                  + "\"joined_at\":\"2023-04-05T10:11:12.000000+00:00\",\"flags\":0,"
                  + "\"deaf\":false,\"mute\":false,\"communication_disabled_until\":null,"
                  + "\"avatar\":null,\"banner\":null,\"guild_id\":\"1100000000000000000\"}"),
          new Sample(
              "GUILD_CREATE",
              "{\"id\":\"1100000000000000000\",\"name\":\"Medium Guild\",\"icon\":null,"
                  + "\"features\":[\"COMMUNITY\"],\"owner_id\":\"400000000000000001\","
                  + "\"verification_level\":1,\"preferred_locale\":\"en-US\","
                  + "\"joined_at\":\"2022-01-02T03:04:05.000000+00:00\",\"large\":true,"
                  + "\"unavailable\":false,\"member_count\":1250,\"roles\":[{\"id\":\"1\","
                  + "\"name\":\"@everyone\",\"color\":0,\"colors\":{\"primary_color\":0},"
                  + "\"hoist\":false,\"icon\":null,\"position\":0,\"permissions\":\"1071698660929\","
                  + "\"managed\":false,\"mentionable\":false,\"flags\":0}],\"emojis\":[{\"id\":\"2\","
                  + "\"name\":\"emote\",\"roles\":[],\"animated\":false}],\"channels\":[{\"id\":\"3\","
                  + "\"type\":0,\"name\":\"text-0\",\"position\":0,\"permission_overwrites\":[],"
                  + "\"parent_id\":null,\"nsfw\":false,\"topic\":\"topic\","
                  + "\"last_message_id\":null,\"rate_limit_per_user\":0}],\"threads\":[],"
                  + "\"members\":["
                  + MEMBER
                  + "],\"presences\":[{\"user\":{\"id\":\"400000000000000001\"},"
                  + "\"status\":\"online\",\"client_status\":{\"desktop\":\"online\"},"
                  + "\"activities\":[]}],\"stickers\":[]}"));

  private TypedSamples() {}

  /** The hot types' samples and every dispatch fixture. */
  static List<Sample> all() {
    List<Sample> out = new ArrayList<>(HOT);
    for (String name : Fixtures.names()) {
      String text = Fixtures.text(name);
      if (!text.contains("\"op\"")) {
        continue;
      }
      GatewayPayload payload = GatewayCodec.decode(text);
      if (payload.isDispatch() && payload.data().isObject()) {
        out.add(new Sample(payload.type(), payload.data().asString()));
      }
    }
    return out;
  }

  /** The samples of the hot types only. */
  static List<Sample> hot() {
    return HOT;
  }
}
