package dev.sluice.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic stream of realistic dispatches: the same seed always gives the same bytes. The
 * mix is MESSAGE_CREATE 30%, PRESENCE_UPDATE 30%, TYPING_START 20%, MESSAGE_REACTION_ADD 12%,
 * GUILD_MEMBER_UPDATE 8%, plus a few GUILD_CREATE of a medium guild. Bodies follow the shape and
 * key order Discord sends today (members, avatars, flags, nulls and all), and reference the guilds,
 * channels and users the GUILD_CREATEs declare, so caching clients (JDA) process every event.
 */
public final class Corpus {

  /** Guilds the session starts with (listed in READY, created right after). */
  public static final int GUILDS = 3;

  public static final int MEMBERS_PER_GUILD = 250;
  static final int TEXT_CHANNELS = 40;
  static final int VOICE_CHANNELS = 10;
  static final int ROLES = 25;

  static final long BOT_ID = 1_002_003_004_005_006_007L;
  static final long GUILD_BASE = 1_100_000_000_000_000_000L;
  static final long CHANNEL_BASE = 1_200_000_000_000_000_000L;
  static final long ROLE_BASE = 1_300_000_000_000_000_000L;
  static final long USER_BASE = 400_000_000_000_000_000L;
  static final long MESSAGE_BASE = 1_400_000_000_000_000_000L;

  /**
   * The message id of the MESSAGE_CREATE that ends the warm-up, and of the one that ends the run.
   */
  public static final long WARMUP_MARK = MESSAGE_BASE - 1;

  public static final long END_MARK = MESSAGE_BASE - 2;

  private static final String[] WORDS = {
    "the",
    "gateway",
    "shard",
    "resume",
    "ping",
    "pong",
    "heartbeat",
    "zombie",
    "reactor",
    "flux",
    "latency",
    "guild",
    "channel",
    "anyone",
    "online",
    "tonight",
    "raid",
    "lol",
    "nice",
    "thanks",
    "deploy",
    "build",
    "green",
    "merge",
    "review",
    "coffee",
    "what",
    "is",
    "a",
    "to",
    "and",
    "of",
    "bot",
    "music",
    "queue",
    "skip",
    "play",
    "stream",
    "event",
    "emoji",
    "🔥",
    "👍",
    "😂",
    "gg"
  };
  private static final String[] STATUSES = {"online", "idle", "dnd", "online", "online"};
  private static final String[] GAMES = {
    "Rocket League", "Minecraft", "Visual Studio Code", "Spotify", "Elden Ring", "Factorio"
  };
  private static final String[] EMOJI = {"🔥", "👍", "😂", "🎉", "❤️", "👀"};

  /** One dispatch: its type and its {@code d} body. */
  public record Dispatch(String type, String body, long messageId) {}

  private final SplittableRandom random;
  private long nextMessageId = MESSAGE_BASE;

  public Corpus(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The GUILD_CREATE bodies of the starting guilds, in id order. */
  public List<Dispatch> guildCreates() {
    List<Dispatch> out = new ArrayList<>();
    for (int g = 0; g < GUILDS; g++) {
      out.add(new Dispatch("GUILD_CREATE", guild(g, MEMBERS_PER_GUILD), 0));
    }
    return out;
  }

  /**
   * {@code count} dispatches of the mix; {@code joins} GUILD_CREATEs of further medium guilds are
   * spread evenly among them (guilds the bot joins while running).
   */
  public List<Dispatch> events(int count, int joins, int firstJoinIndex) {
    List<Dispatch> out = new ArrayList<>(count + joins);
    int every = joins == 0 ? Integer.MAX_VALUE : count / (joins + 1);
    int joined = 0;
    for (int i = 0; i < count; i++) {
      if (joined < joins && i > 0 && i % every == 0) {
        out.add(new Dispatch("GUILD_CREATE", guild(firstJoinIndex + joined++, 120), 0));
      }
      out.add(next());
    }
    return out;
  }

  /** The body of a typical MESSAGE_CREATE of the mix (the first one of seed 7). */
  public static byte[] sampleMessageCreate() {
    Corpus corpus = new Corpus(7);
    while (true) {
      Dispatch d = corpus.next();
      if (d.type().equals("MESSAGE_CREATE")) {
        return d.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }

  /** A MESSAGE_CREATE with a known id, to mark the end of a phase. */
  public Dispatch marker(long messageId) {
    return new Dispatch("MESSAGE_CREATE", message(0, messageId, "phase mark"), messageId);
  }

  Dispatch next() {
    int roll = random.nextInt(100);
    int guild = random.nextInt(GUILDS);
    if (roll < 30) {
      long id = nextMessageId++;
      return new Dispatch("MESSAGE_CREATE", message(guild, id, sentence(3, 40)), id);
    }
    if (roll < 60) {
      return new Dispatch("PRESENCE_UPDATE", presence(guild), 0);
    }
    if (roll < 80) {
      return new Dispatch("TYPING_START", typing(guild), 0);
    }
    if (roll < 92) {
      return new Dispatch("MESSAGE_REACTION_ADD", reaction(guild), 0);
    }
    return new Dispatch("GUILD_MEMBER_UPDATE", memberUpdate(guild), 0);
  }

  // ---- bodies
  // ------------------------------------------------------------------------------------

  private String message(int guild, long id, String content) {
    long author = member(guild);
    Json j = new Json();
    j.open().num("type", random.nextInt(10) == 0 ? 19 : 0).bool("tts", false);
    j.str("timestamp", timestamp(id)).bool("pinned", false).str("nonce", Long.toString(id + 77));
    if (random.nextInt(6) == 0) {
      long other = member(guild);
      j.key("mentions").raw("[").raw(userWithMember(guild, other)).raw("]");
    } else {
      j.key("mentions").raw("[]");
    }
    j.key("mention_roles").raw("[]").bool("mention_everyone", false);
    j.key("member").raw(memberBody(guild, author, false));
    j.str("id", Long.toString(id)).num("flags", 0);
    if (random.nextInt(20) == 0) {
      j.key("embeds").raw(embed());
    } else {
      j.key("embeds").raw("[]");
    }
    j.nul("edited_timestamp").str("content", content).key("components").raw("[]");
    j.str("channel_id", Long.toString(textChannel(guild)));
    j.key("author").raw(user(author));
    if (random.nextInt(10) == 0) {
      j.key("attachments").raw(attachment(id));
    } else {
      j.key("attachments").raw("[]");
    }
    j.str("guild_id", Long.toString(guildId(guild)));
    return j.close();
  }

  private String presence(int guild) {
    long user = member(guild);
    String status = STATUSES[random.nextInt(STATUSES.length)];
    Json j = new Json().open();
    j.key("user").raw("{\"id\":\"" + user + "\"}").str("status", status);
    j.str("guild_id", Long.toString(guildId(guild)));
    j.key("client_status").raw("{\"desktop\":\"" + status + "\"}").nul("broadcast");
    int activities = random.nextInt(3);
    j.key("activities").raw("[");
    for (int a = 0; a < activities; a++) {
      if (a > 0) {
        j.raw(",");
      }
      String game = GAMES[random.nextInt(GAMES.length)];
      long start = 1_764_000_000_000L + random.nextInt(1_000_000_000);
      j.raw("{\"type\":0,\"timestamps\":{\"start\":" + start + "},\"session_id\":\"")
          .raw(hex(32))
          .raw("\",\"name\":\"" + game + "\",\"id\":\"")
          .raw(hex(16))
          .raw("\",\"created_at\":" + (start + 5000))
          .raw(",\"application_id\":\"" + (USER_BASE + 9_000 + random.nextInt(50)) + "\"}");
    }
    j.raw("]");
    return j.close();
  }

  private String typing(int guild) {
    long user = member(guild);
    Json j = new Json().open().str("user_id", Long.toString(user));
    j.num("timestamp", 1_764_316_867L + random.nextInt(100_000));
    j.key("member").raw(memberBody(guild, user, true));
    j.str("channel_id", Long.toString(textChannel(guild)));
    j.str("guild_id", Long.toString(guildId(guild)));
    return j.close();
  }

  private String reaction(int guild) {
    long user = member(guild);
    long message = MESSAGE_BASE + random.nextInt(Math.max(1, (int) (nextMessageId - MESSAGE_BASE)));
    String emoji = EMOJI[random.nextInt(EMOJI.length)];
    Json j = new Json().open().str("user_id", Long.toString(user)).num("type", 0);
    j.str("message_id", Long.toString(message));
    j.str("message_author_id", Long.toString(member(guild)));
    j.key("member").raw(memberBody(guild, user, true));
    j.key("emoji").raw("{\"name\":\"" + emoji + "\",\"id\":null}");
    j.str("channel_id", Long.toString(textChannel(guild))).bool("burst", false);
    j.str("guild_id", Long.toString(guildId(guild)));
    return j.close();
  }

  private String memberUpdate(int guild) {
    long user = member(guild);
    Json j = new Json().open().key("user").raw(user(user));
    j.key("roles").raw(roles(guild, user)).nul("premium_since").bool("pending", false);
    j.str("nick", "nick " + random.nextInt(10_000));
    j.str("joined_at", "2023-04-05T10:11:12.000000+00:00").num("flags", 0);
    j.bool("deaf", false).bool("mute", false).nul("communication_disabled_until");
    j.nul("avatar").nul("banner");
    j.str("guild_id", Long.toString(guildId(guild)));
    return j.close();
  }

  private String guild(int g, int members) {
    long id = guildId(g);
    Json j = new Json().open();
    j.str("id", Long.toString(id)).str("name", "Medium Guild " + g).nul("icon").nul("description");
    j.nul("splash").nul("discovery_splash").nul("banner").key("features").raw("[\"COMMUNITY\"]");
    j.str("owner_id", Long.toString(userId(g, 0))).nul("application_id").nul("afk_channel_id");
    j.num("afk_timeout", 300).str("system_channel_id", Long.toString(channelId(g, 0)));
    j.bool("widget_enabled", false).num("verification_level", 1);
    j.num("default_message_notifications", 1).num("mfa_level", 0);
    j.num("explicit_content_filter", 2).nul("max_presences").num("max_members", 500_000);
    j.nul("vanity_url_code").num("premium_tier", 0).num("premium_subscription_count", 0);
    j.num("system_channel_flags", 0).str("preferred_locale", "en-US").nul("rules_channel_id");
    j.nul("public_updates_channel_id").nul("safety_alerts_channel_id").num("nsfw_level", 0);
    j.bool("premium_progress_bar_enabled", false).num("max_video_channel_users", 25);
    j.num("max_stage_video_channel_users", 50).bool("nsfw", false).bool("lazy", true);
    j.str("joined_at", "2022-01-02T03:04:05.000000+00:00").bool("large", true);
    j.bool("unavailable", false).num("member_count", members * 5);
    j.key("roles").raw("[");
    for (int r = 0; r < ROLES; r++) {
      j.raw(r > 0 ? "," : "").raw(role(g, r));
    }
    j.raw("]").key("emojis").raw("[");
    for (int e = 0; e < 20; e++) {
      j.raw(e > 0 ? "," : "")
          .raw("{\"id\":\"" + (ROLE_BASE + 500_000 + g * 100L + e) + "\",\"name\":\"emote" + e)
          .raw("\",\"roles\":[],\"require_colons\":true,\"managed\":false,\"animated\":false,")
          .raw("\"available\":true}");
    }
    j.raw("]").key("stickers").raw("[]").key("channels").raw("[");
    int position = 0;
    for (int c = 0; c < TEXT_CHANNELS + VOICE_CHANNELS; c++) {
      boolean voice = c >= TEXT_CHANNELS;
      j.raw(c > 0 ? "," : "")
          .raw("{\"id\":\"" + channelId(g, c) + "\",\"type\":" + (voice ? 2 : 0));
      j.raw(",\"name\":\"" + (voice ? "voice-" : "text-") + c + "\",\"position\":" + position++);
      j.raw(",\"permission_overwrites\":[],\"parent_id\":null,\"nsfw\":false,\"flags\":0");
      j.raw(
          voice
              ? ",\"bitrate\":64000,\"user_limit\":0,\"rtc_region\":null}"
              : ",\"topic\":\"topic "
                  + c
                  + "\",\"last_message_id\":null,\"rate_limit_per_user\":0}");
    }
    j.raw("]").key("threads").raw("[]").key("voice_states").raw("[]").key("members").raw("[");
    j.raw(memberBody(g, BOT_ID, true));
    for (int m = 0; m < members; m++) {
      j.raw(",").raw(memberBody(g, userId(g, m), true));
    }
    j.raw("]").key("presences").raw("[");
    for (int m = 0; m < members; m++) {
      j.raw(m > 0 ? "," : "")
          .raw("{\"user\":{\"id\":\"" + userId(g, m) + "\"},\"status\":\"online\",")
          .raw("\"client_status\":{\"desktop\":\"online\"},\"activities\":[]}");
    }
    j.raw("]").key("stage_instances").raw("[]").key("guild_scheduled_events").raw("[]");
    j.key("soundboard_sounds").raw("[]");
    return j.close();
  }

  private String role(int g, int r) {
    long id = r == 0 ? guildId(g) : ROLE_BASE + g * 1000L + r;
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + (r == 0 ? "@everyone" : "role " + r)
        + "\",\"color\":"
        + (r * 12345)
        + ",\"colors\":{\"primary_color\":"
        + (r * 12345)
        + ",\"secondary_color\":null,\"tertiary_color\":null},\"hoist\":"
        + (r % 5 == 1)
        + ",\"icon\":null,\"unicode_emoji\":null,\"position\":"
        + r
        + ",\"permissions\":\"1071698660929\",\"managed\":false,\"mentionable\":false,\"flags\":0}";
  }

  private String memberBody(int guild, long user, boolean withUser) {
    Json j = new Json().open();
    if (withUser) {
      j.key("user").raw(user(user));
    }
    j.key("roles").raw(roles(guild, user)).nul("premium_since").bool("pending", false).nul("nick");
    j.bool("mute", false).str("joined_at", "2023-04-05T10:11:12.000000+00:00").num("flags", 0);
    j.bool("deaf", false).nul("communication_disabled_until").nul("banner").nul("avatar");
    return j.close();
  }

  private String userWithMember(int guild, long user) {
    String u = user(user);
    return u.substring(0, u.length() - 1) + ",\"member\":" + memberBody(guild, user, false) + "}";
  }

  private static String user(long id) {
    long n = id % 100_000;
    return "{\"username\":\"user"
        + n
        + "\",\"public_flags\":0,\"id\":\""
        + id
        + "\",\"global_name\":\"User "
        + n
        + "\",\"discriminator\":\"0\",\"clan\":null,\"primary_guild\":null,"
        + "\"avatar_decoration_data\":null,\"collectibles\":null,\"display_name_styles\":null,"
        + "\"avatar\":\""
        + Long.toHexString(id * 31)
        + Long.toHexString(id * 17)
        + "\"}";
  }

  private String roles(int guild, long user) {
    int count = (int) (user % 4);
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      s.append(i > 0 ? "," : "")
          .append('"')
          .append(ROLE_BASE + guild * 1000L + 1 + (user + i * 7) % (ROLES - 1))
          .append('"');
    }
    return s.append(']').toString();
  }

  private String embed() {
    return "[{\"type\":\"rich\",\"url\":\"https://example.com/"
        + hex(12)
        + "\",\"title\":\""
        + sentence(2, 8)
        + "\",\"description\":\""
        + sentence(10, 40)
        + "\",\"color\":5814783,\"content_scan_version\":2,"
        + "\"footer\":{\"text\":\"footer\"},\"fields\":[{\"name\":\"a\",\"value\":\"b\",\"inline\":true}]}]";
  }

  private String attachment(long messageId) {
    long id = messageId + 3;
    return "[{\"id\":\""
        + id
        + "\",\"filename\":\"image.png\",\"size\":"
        + (10_000 + random.nextInt(1_000_000))
        + ",\"url\":\"https://cdn.discordapp.com/attachments/1/"
        + id
        + "/image.png?ex="
        + hex(8)
        + "&is="
        + hex(8)
        + "&hm="
        + hex(64)
        + "&\",\"proxy_url\":\"https://media.discordapp.net/attachments/1/"
        + id
        + "/image.png\",\"width\":1280,\"height\":720,\"content_type\":\"image/png\","
        + "\"content_scan_version\":2,\"placeholder\":\""
        + hex(24)
        + "\",\"placeholder_version\":1}]";
  }

  private String sentence(int min, int max) {
    int words = min + random.nextInt(max - min + 1);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < words; i++) {
      s.append(i > 0 ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return s.toString();
  }

  private String hex(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }

  private long member(int guild) {
    return userId(guild, random.nextInt(MEMBERS_PER_GUILD));
  }

  private long textChannel(int guild) {
    return channelId(guild, random.nextInt(TEXT_CHANNELS));
  }

  private static String timestamp(long messageId) {
    long second = messageId % 60;
    return "2026-11-28T07:21:" + (second < 10 ? "0" : "") + second + ".123000+00:00";
  }

  static long guildId(int g) {
    return GUILD_BASE + g;
  }

  static long channelId(int g, int c) {
    return CHANNEL_BASE + g * 1000L + c;
  }

  static long userId(int g, int m) {
    return USER_BASE + g * 10_000L + m;
  }

  /** Appends JSON members in order; values are written exactly as given. */
  private static final class Json {
    private final StringBuilder s = new StringBuilder(512);
    private boolean first = true;

    Json open() {
      s.append('{');
      first = true;
      return this;
    }

    Json key(String name) {
      if (!first) {
        s.append(',');
      }
      first = false;
      s.append('"').append(name).append("\":");
      return this;
    }

    Json raw(String text) {
      s.append(text);
      return this;
    }

    Json str(String name, String value) {
      key(name).s.append('"').append(value.replace("\"", "\\\"")).append('"');
      return this;
    }

    Json num(String name, long value) {
      key(name).s.append(value);
      return this;
    }

    Json bool(String name, boolean value) {
      key(name).s.append(value);
      return this;
    }

    Json nul(String name) {
      key(name).s.append("null");
      return this;
    }

    String close() {
      return s.append('}').toString();
    }
  }
}
