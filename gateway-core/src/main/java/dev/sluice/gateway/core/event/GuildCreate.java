package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Guild;
import dev.sluice.gateway.core.model.Snowflake;

/** GUILD_CREATE: a guild became available (after READY, after an outage) or the bot joined it. */
public record GuildCreate(EventMeta meta, Guild guild) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static GuildCreate decode(@JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Guild guild) {
    return new GuildCreate(meta, guild);
  }

  /** The guild id. */
  public Snowflake id() {
    return guild.id();
  }
}
