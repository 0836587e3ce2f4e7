package dev.sluice.gateway.core;

/**
 * One gateway intent bit. Privileged intents must be enabled in the Developer Portal, else the
 * gateway closes with 4014.
 */
public enum Intent {
  GUILDS(0, false),
  GUILD_MEMBERS(1, true),
  GUILD_MODERATION(2, false),
  GUILD_EXPRESSIONS(3, false),
  GUILD_INTEGRATIONS(4, false),
  GUILD_WEBHOOKS(5, false),
  GUILD_INVITES(6, false),
  GUILD_VOICE_STATES(7, false),
  GUILD_PRESENCES(8, true),
  GUILD_MESSAGES(9, false),
  GUILD_MESSAGE_REACTIONS(10, false),
  GUILD_MESSAGE_TYPING(11, false),
  DIRECT_MESSAGES(12, false),
  DIRECT_MESSAGE_REACTIONS(13, false),
  DIRECT_MESSAGE_TYPING(14, false),
  MESSAGE_CONTENT(15, true),
  GUILD_SCHEDULED_EVENTS(16, false),
  AUTO_MODERATION_CONFIGURATION(20, false),
  AUTO_MODERATION_EXECUTION(21, false),
  GUILD_MESSAGE_POLLS(24, false),
  DIRECT_MESSAGE_POLLS(25, false);

  private final int bit;
  private final boolean privileged;

  Intent(int bit, boolean privileged) {
    this.bit = bit;
    this.privileged = privileged;
  }

  /** The bit's value, {@code 1 << bit}. */
  public long value() {
    return 1L << bit;
  }

  /** Whether the intent is privileged (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT). */
  public boolean isPrivileged() {
    return privileged;
  }
}
