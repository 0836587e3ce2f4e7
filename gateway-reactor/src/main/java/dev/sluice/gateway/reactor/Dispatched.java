package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;

/**
 * A dispatch on its way to subscribers, decoded at most once and only when a subscriber asks:
 * {@code on(Type)} subscribers filter on the name first, so unwanted events are never bound.
 *
 * <p>Shared by all subscribers of one client; the memo is safe to race (decoding is pure).
 */
final class Dispatched implements ConnectionEvent {

  final GatewayPayload payload;
  final EventMeta meta;
  private volatile GatewayEvent decoded;

  Dispatched(GatewayPayload payload, EventMeta meta) {
    this.payload = payload;
    this.meta = meta;
  }

  /** The typed event (or {@code RawEvent}); binds the body on first use. */
  GatewayEvent event() {
    GatewayEvent event = decoded;
    if (event == null) {
      event = EventDecoder.decode(payload, meta);
      decoded = event;
    }
    return event;
  }

  /** The event bound to {@code type}, reusing an earlier decode when there is one. */
  <T extends GatewayEvent> T as(Class<T> type) {
    GatewayEvent event = decoded;
    if (type.isInstance(event)) {
      return type.cast(event);
    }
    T typed = EventDecoder.decode(payload, meta, type);
    decoded = typed;
    return typed;
  }

  String type() {
    return payload.type();
  }
}
