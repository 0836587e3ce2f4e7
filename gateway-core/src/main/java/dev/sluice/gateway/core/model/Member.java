package dev.sluice.gateway.core.model;

import java.util.List;

/** A guild member. {@code user} is absent in MESSAGE_CREATE's {@code member}. */
public record Member(
    User user,
    String nick,
    String avatar,
    List<Snowflake> roles,
    String joinedAt,
    String premiumSince,
    Boolean deaf,
    Boolean mute,
    Boolean pending,
    String permissions,
    String communicationDisabledUntil) {}
