package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Guild;
import dev.sluice.gateway.core.model.Snowflake;

/** GUILD_UPDATE: a guild's settings changed. */
public record GuildUpdate(EventMeta meta, Guild guild) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static GuildUpdate decode(@JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Guild guild) {
    return new GuildUpdate(meta, guild);
  }

  /** The guild id. */
  public Snowflake id() {
    return guild.id();
  }
}
