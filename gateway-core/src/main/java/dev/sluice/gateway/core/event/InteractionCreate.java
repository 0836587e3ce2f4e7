package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Interaction;
import dev.sluice.gateway.core.model.Snowflake;

/** INTERACTION_CREATE: a command, component, modal or autocomplete was used. */
public record InteractionCreate(EventMeta meta, Interaction interaction) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static InteractionCreate decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Interaction interaction) {
    return new InteractionCreate(meta, interaction);
  }

  /** The guild it happened in; null in DMs. */
  public Snowflake guildId() {
    return interaction.guildId();
  }
}
