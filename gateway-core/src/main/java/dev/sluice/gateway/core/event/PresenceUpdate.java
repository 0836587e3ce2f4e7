package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.model.User;
import java.util.List;
import java.util.Map;

/** PRESENCE_UPDATE. Only {@code user.id} is guaranteed; the rest may be missing. */
public record PresenceUpdate(
    @InjectedMeta EventMeta meta,
    User user,
    Snowflake guildId,
    String status,
    List<Activity> activities,
    Map<String, String> clientStatus)
    implements GatewayEvent {}
