package dev.sluice.gateway.core.event;

import java.util.Map;
import java.util.Optional;

/** The event names Sluice decodes into typed records, and their record classes. */
public final class EventTypes {

  private static final Map<String, Class<? extends GatewayEvent>> BY_NAME =
      Map.ofEntries(
          Map.entry("READY", Ready.class),
          Map.entry("RESUMED", Resumed.class),
          Map.entry("MESSAGE_CREATE", MessageCreate.class),
          Map.entry("MESSAGE_UPDATE", MessageUpdate.class),
          Map.entry("MESSAGE_DELETE", MessageDelete.class),
          Map.entry("GUILD_CREATE", GuildCreate.class),
          Map.entry("GUILD_UPDATE", GuildUpdate.class),
          Map.entry("GUILD_DELETE", GuildDelete.class),
          Map.entry("INTERACTION_CREATE", InteractionCreate.class),
          Map.entry("GUILD_MEMBER_ADD", GuildMemberAdd.class),
          Map.entry("GUILD_MEMBER_UPDATE", GuildMemberUpdate.class),
          Map.entry("GUILD_MEMBER_REMOVE", GuildMemberRemove.class),
          Map.entry("GUILD_MEMBERS_CHUNK", GuildMembersChunk.class),
          Map.entry("PRESENCE_UPDATE", PresenceUpdate.class),
          Map.entry("TYPING_START", TypingStart.class),
          Map.entry("MESSAGE_REACTION_ADD", MessageReactionAdd.class),
          Map.entry("MESSAGE_REACTION_REMOVE", MessageReactionRemove.class),
          Map.entry("CHANNEL_CREATE", ChannelCreate.class),
          Map.entry("CHANNEL_UPDATE", ChannelUpdate.class),
          Map.entry("CHANNEL_DELETE", ChannelDelete.class),
          Map.entry("THREAD_CREATE", ThreadCreate.class),
          Map.entry("RATE_LIMITED", RateLimited.class));

  private static final Map<Class<? extends GatewayEvent>, String> BY_CLASS =
      Map.ofEntries(
          BY_NAME.entrySet().stream()
              .map(e -> Map.entry(e.getValue(), e.getKey()))
              .toArray(Map.Entry[]::new));

  private EventTypes() {}

  /** The record class for an event name; empty when Sluice delivers that event as a raw event. */
  public static Optional<Class<? extends GatewayEvent>> classOf(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The event name of a typed event class.
   *
   * @throws IllegalArgumentException for {@link RawEvent} and {@link GatewayEvent} itself
   */
  public static String nameOf(Class<? extends GatewayEvent> type) {
    String name = BY_CLASS.get(type);
    if (name == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " is not a typed event");
    }
    return name;
  }

  /** Every typed event name. */
  public static java.util.Set<String> names() {
    return BY_NAME.keySet();
  }
}
