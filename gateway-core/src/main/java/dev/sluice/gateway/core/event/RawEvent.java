package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.codec.RawJson;

/**
 * An event Sluice has no record for (or that nobody asked to decode), with its {@code d} as
 * received.
 *
 * @param data the event body exactly as received
 */
public record RawEvent(EventMeta meta, RawJson data) implements GatewayEvent {

  /** The event body as JSON text. */
  public String json() {
    return data.asString();
  }
}
