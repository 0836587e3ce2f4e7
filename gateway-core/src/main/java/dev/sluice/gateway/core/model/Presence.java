package dev.sluice.gateway.core.model;

import java.util.List;
import java.util.Map;

/**
 * A user's presence. Discord guarantees only {@code user.id}; everything else may be missing.
 *
 * @param status online, idle, dnd or offline
 * @param clientStatus status per platform (desktop, mobile, web, vr)
 */
public record Presence(
    User user,
    Snowflake guildId,
    String status,
    List<Activity> activities,
    Map<String, String> clientStatus) {}
