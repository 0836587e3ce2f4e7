package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Channel;
import dev.sluice.gateway.core.model.Snowflake;

/** CHANNEL_DELETE: a channel was deleted. */
public record ChannelDelete(EventMeta meta, Channel channel) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ChannelDelete decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Channel channel) {
    return new ChannelDelete(meta, channel);
  }

  /** The channel id. */
  public Snowflake id() {
    return channel.id();
  }
}
