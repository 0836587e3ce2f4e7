package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.model.User;

/** GUILD_MEMBER_REMOVE: a user left, was kicked or banned. */
public record GuildMemberRemove(@InjectedMeta EventMeta meta, Snowflake guildId, User user)
    implements GatewayEvent {}
