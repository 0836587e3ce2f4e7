package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Channel;
import dev.sluice.gateway.core.model.Snowflake;

/** CHANNEL_CREATE: a guild channel was created. */
public record ChannelCreate(EventMeta meta, Channel channel) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ChannelCreate decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Channel channel) {
    return new ChannelCreate(meta, channel);
  }

  /** The channel id. */
  public Snowflake id() {
    return channel.id();
  }
}
