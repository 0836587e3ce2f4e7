package dev.sluice.gateway.core.event;

/**
 * A dispatch event (op 0). Events Sluice models are typed records; every other event arrives as a
 * {@link RawEvent} with its JSON intact. Every event carries its {@link EventMeta}.
 *
 * <pre>{@code
 * switch (event) {
 *   case MessageCreate m -> handle(m.content());
 *   case RawEvent raw -> log.debug("unmodelled {}", raw.eventType());
 *   default -> {}
 * }
 * }</pre>
 */
public sealed interface GatewayEvent
    permits ChannelCreate,
        ChannelDelete,
        ChannelUpdate,
        GuildCreate,
        GuildDelete,
        GuildMemberAdd,
        GuildMemberRemove,
        GuildMemberUpdate,
        GuildMembersChunk,
        GuildUpdate,
        InteractionCreate,
        MessageCreate,
        MessageDelete,
        MessageReactionAdd,
        MessageReactionRemove,
        MessageUpdate,
        PresenceUpdate,
        RateLimited,
        RawEvent,
        Ready,
        Resumed,
        ThreadCreate,
        TypingStart {

  /** Where the event came from. */
  EventMeta meta();

  /** The event name, e.g. {@code MESSAGE_CREATE}. */
  default String eventType() {
    return meta().type();
  }
}
