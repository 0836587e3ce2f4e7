package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.model.User;
import java.util.List;

/** GUILD_MEMBER_UPDATE. Sent for the bot's own member even without GUILD_MEMBERS. */
public record GuildMemberUpdate(
    @InjectedMeta EventMeta meta,
    Snowflake guildId,
    List<Snowflake> roles,
    User user,
    String nick,
    String avatar,
    String joinedAt,
    String premiumSince,
    Boolean deaf,
    Boolean mute,
    Boolean pending,
    String communicationDisabledUntil)
    implements GatewayEvent {}
