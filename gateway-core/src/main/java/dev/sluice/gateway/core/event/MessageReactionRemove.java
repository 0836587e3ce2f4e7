package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Emoji;
import dev.sluice.gateway.core.model.Snowflake;

/** MESSAGE_REACTION_REMOVE. */
public record MessageReactionRemove(
    @InjectedMeta EventMeta meta,
    Snowflake userId,
    Snowflake channelId,
    Snowflake messageId,
    Snowflake guildId,
    Emoji emoji,
    Boolean burst,
    Integer type)
    implements GatewayEvent {}
