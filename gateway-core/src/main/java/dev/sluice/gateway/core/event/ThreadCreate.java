package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sluice.gateway.core.model.Channel;
import dev.sluice.gateway.core.model.Snowflake;

/**
 * THREAD_CREATE: a thread was created ({@code thread.newlyCreated()}) or the bot was added to one.
 */
public record ThreadCreate(EventMeta meta, Channel thread) implements GatewayEvent {

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ThreadCreate decode(@JacksonInject(EventMeta.INJECT_KEY) EventMeta meta, Channel thread) {
    return new ThreadCreate(meta, thread);
  }

  /** The thread id. */
  public Snowflake id() {
    return thread.id();
  }
}
