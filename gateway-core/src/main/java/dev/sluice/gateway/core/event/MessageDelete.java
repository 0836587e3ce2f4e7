package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Snowflake;

/** MESSAGE_DELETE. {@code guildId} is null in DMs. */
public record MessageDelete(
    @InjectedMeta EventMeta meta, Snowflake id, Snowflake channelId, Snowflake guildId)
    implements GatewayEvent {}
