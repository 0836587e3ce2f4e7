package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;

/** MESSAGE_UPDATE: a message was edited. The message may be partial. */
public record MessageUpdate(EventMeta meta, Message message) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static MessageUpdate decode(
      @JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Message message) {
    return new MessageUpdate(meta, message);
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
