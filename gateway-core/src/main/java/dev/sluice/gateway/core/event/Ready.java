package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.model.UnavailableGuild;
import dev.sluice.gateway.core.model.User;
import java.util.List;

/**
 * READY: Identify succeeded. Every listed guild is unavailable until its GUILD_CREATE.
 *
 * @param v the gateway version
 * @param shard the shard echoed back, or null
 */
public record Ready(
    @InjectedMeta EventMeta meta,
    int v,
    User user,
    List<UnavailableGuild> guilds,
    String sessionId,
    String resumeGatewayUrl,
    ShardInfo shard,
    Application application)
    implements GatewayEvent {

  /** The partial application in READY. */
  public record Application(Snowflake id, Long flags) {}
}
