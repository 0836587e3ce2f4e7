package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Snowflake;

/**
 * GUILD_DELETE: the guild became unavailable (an outage) or the bot left or was removed.
 *
 * @param unavailable true for an outage; null when the bot was removed
 */
public record GuildDelete(@InjectedMeta EventMeta meta, Snowflake id, Boolean unavailable)
    implements GatewayEvent {

  /** Whether the bot left or was removed (as opposed to an outage). */
  public boolean isRemoval() {
    return !Boolean.TRUE.equals(unavailable);
  }
}
