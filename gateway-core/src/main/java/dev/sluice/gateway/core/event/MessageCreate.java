package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;

/** MESSAGE_CREATE: a message was sent. The body is the message itself. */
public record MessageCreate(EventMeta meta, Message message) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static MessageCreate decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Message message) {
    return new MessageCreate(meta, message);
  }

  /** The message text (empty without the MESSAGE_CONTENT intent for most messages). */
  public String content() {
    return message.content();
  }

  /** The channel the message is in. */
  public Snowflake channelId() {
    return message.channelId();
  }

  /** The guild the message is in; null in DMs. */
  public Snowflake guildId() {
    return message.guildId();
  }
}
