package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.codec.RawJson;

/**
 * An event Sluice has no record for (or that nobody asked to decode), with its {@code d} as
 * received.
 *
 * <p>The body is checked when first read, not on arrival: if the gateway sent a malformed one,
 * {@link #json()} (and every read of {@link #data()}) throws a {@link
 * dev.sluice.gateway.core.GatewayException} of kind DECODE. The event itself, its type and sequence
 * are never lost.
 *
 * @param data the event body exactly as received
 */
public record RawEvent(EventMeta meta, RawJson data) implements GatewayEvent {

  /**
   * The event body as JSON text.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind DECODE when the body is malformed
   */
  public String json() {
    return data.asString();
  }
}
