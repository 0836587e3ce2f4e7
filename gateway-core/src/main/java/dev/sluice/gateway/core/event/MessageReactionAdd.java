package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Emoji;
import dev.sluice.gateway.core.model.Member;
import dev.sluice.gateway.core.model.Snowflake;

/**
 * MESSAGE_REACTION_ADD.
 *
 * @param type 0 normal, 1 burst (super reaction)
 */
public record MessageReactionAdd(
    @InjectedMeta EventMeta meta,
    Snowflake userId,
    Snowflake channelId,
    Snowflake messageId,
    Snowflake guildId,
    Member member,
    Emoji emoji,
    Snowflake messageAuthorId,
    Boolean burst,
    Integer type)
    implements GatewayEvent {}
