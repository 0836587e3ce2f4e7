package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.internal.codec.RawJson;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An event Sluice has no record for (or that nobody asked to decode), with its {@code d} as
 * received.
 *
 * <p>The body is checked when first read, not on arrival: if the gateway sent a malformed one,
 * {@link #json()} (and every other read of the body) throws a {@link
 * dev.sluice.gateway.core.GatewayException} of kind DECODE. The event itself, its type and sequence
 * are never lost. Immutable and thread-safe.
 */
public final class RawEvent implements GatewayEvent {

  private final EventMeta meta;
  private final RawJson data;

  /**
   * A raw event. Applications receive raw events from the client rather than making them; the body
   * type belongs to Sluice's internal codec.
   */
  @SuppressWarnings("exports")
  public RawEvent(EventMeta meta, RawJson data) {
    this.meta = Objects.requireNonNull(meta, "meta");
    this.data = Objects.requireNonNull(data, "data");
  }

  @Override
  public EventMeta meta() {
    return meta;
  }

  /** The event type ({@code t}), as {@code meta().type()}. */
  public String type() {
    return meta.type();
  }

  /**
   * The event body as JSON text.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind DECODE when the body is malformed
   */
  public String json() {
    return data.asString();
  }

  /** The event body as UTF-8 JSON bytes (a copy). */
  public byte[] bytes() {
    return data.toBytes();
  }

  /** The event body as a Jackson tree. */
  public JsonNode tree() {
    return data.toTree();
  }

  /**
   * This event as its typed record when Sluice models its type, else itself.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind EVENT_DECODE when a modelled body
   *     cannot be bound
   */
  public GatewayEvent decode() {
    return EventDecoder.decode(payload(), meta);
  }

  /**
   * This event bound to {@code type} (for example when it was received raw and its type is now
   * wanted).
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind EVENT_DECODE when the body cannot be
   *     bound to {@code type}
   */
  public <T extends GatewayEvent> T decode(Class<T> type) {
    return EventDecoder.decode(payload(), meta, type);
  }

  private GatewayPayload payload() {
    return new GatewayPayload(0, meta.sequence(), meta.type(), data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawEvent other && meta.equals(other.meta) && data.equals(other.data);
  }

  @Override
  public int hashCode() {
    return meta.hashCode() * 31 + data.hashCode();
  }

  @Override
  public String toString() {
    return "RawEvent[" + meta + ", " + data.length() + " bytes]";
  }
}
