package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Member;
import dev.sluice.gateway.core.model.Snowflake;

/**
 * TYPING_START.
 *
 * @param timestamp unix time in seconds
 */
public record TypingStart(
    @InjectedMeta EventMeta meta,
    Snowflake channelId,
    Snowflake guildId,
    Snowflake userId,
    long timestamp,
    Member member)
    implements GatewayEvent {}
