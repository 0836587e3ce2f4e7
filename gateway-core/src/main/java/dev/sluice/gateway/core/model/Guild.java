package dev.sluice.gateway.core.model;

import java.util.List;

/**
 * A guild as GUILD_CREATE and GUILD_UPDATE carry it. GUILD_CREATE adds {@code joinedAt}, {@code
 * large}, {@code memberCount}, {@code members}, {@code channels}, {@code threads} and {@code
 * presences}; during an outage it may carry only {@code id} and {@code unavailable}.
 */
public record Guild(
    Snowflake id,
    String name,
    String icon,
    Snowflake ownerId,
    String description,
    Integer verificationLevel,
    Boolean unavailable,
    String joinedAt,
    Boolean large,
    Integer memberCount,
    List<Role> roles,
    List<Emoji> emojis,
    List<String> features,
    List<Channel> channels,
    List<Channel> threads,
    List<Member> members,
    List<Presence> presences,
    String preferredLocale) {}
