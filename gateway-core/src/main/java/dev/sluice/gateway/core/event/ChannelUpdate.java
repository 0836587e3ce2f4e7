package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Channel;
import dev.sluice.gateway.core.model.Snowflake;

/** CHANNEL_UPDATE: a channel changed (not sent for last_message_id alone). */
public record ChannelUpdate(EventMeta meta, Channel channel) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ChannelUpdate decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Channel channel) {
    return new ChannelUpdate(meta, channel);
  }

  /** The channel id. */
  public Snowflake id() {
    return channel.id();
  }
}
