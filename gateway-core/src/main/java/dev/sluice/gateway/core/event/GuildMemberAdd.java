package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.model.User;
import java.util.List;

/** GUILD_MEMBER_ADD. Since 2026 it may repeat for existing members: handle it idempotently. */
public record GuildMemberAdd(
    @InjectedMeta EventMeta meta,
    Snowflake guildId,
    User user,
    String nick,
    String avatar,
    List<Snowflake> roles,
    String joinedAt,
    String premiumSince,
    Boolean deaf,
    Boolean mute,
    Boolean pending)
    implements GatewayEvent {}
