package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.Json;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.ObjectReader;

/**
 * Binds a dispatch's raw {@code d} to its typed record, on demand. Only events someone asked for
 * are bound; {@link #decode(GatewayPayload, EventMeta)} returns a {@link RawEvent} (no parsing at
 * all) for names Sluice does not model.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventDecoder {

  private static final ConcurrentHashMap<Class<?>, ObjectReader> READERS =
      new ConcurrentHashMap<>();

  /** The Jackson injection key of the event records' {@link EventMeta} (EventMeta.INJECT_KEY). */
  private static final String META_KEY = RecordReaders.META_KEY;

  private EventDecoder() {}

  /**
   * The event as its typed record when Sluice models it, else as a {@link RawEvent}.
   *
   * @throws GatewayException of kind EVENT_DECODE when a modelled body cannot be bound
   */
  public static GatewayEvent decode(GatewayPayload dispatch, EventMeta meta) {
    return EventTypes.classOf(dispatch.type())
        .<GatewayEvent>map(type -> decode(dispatch, meta, type))
        .orElseGet(() -> raw(dispatch, meta));
  }

  private static ObjectReader readerFor(Class<?> type) {
    return Json.MAPPER.readerFor(type).with(MetaInjection.INSTANCE);
  }

  /**
   * Injects the {@link EventMeta} of the event being decoded on this thread: decoding is
   * synchronous and never nested, so a thread-local is set around each {@code readValue}.
   */
  private static final class MetaInjection extends InjectableValues {
    static final MetaInjection INSTANCE = new MetaInjection();
    static final ThreadLocal<EventMeta> CURRENT = new ThreadLocal<>();

    @Override
    public Object findInjectableValue(
        DeserializationContext ctxt,
        Object valueId,
        BeanProperty forProperty,
        Object beanInstance,
        Boolean optional,
        Boolean useInput) {
      if (!META_KEY.equals(valueId)) {
        throw new IllegalArgumentException("no injectable value " + valueId);
      }
      return CURRENT.get();
    }

    @Override
    public InjectableValues snapshot() {
      return this; // stateless: the value lives in the thread-local
    }
  }

  /** The event without binding its body. */
  public static RawEvent raw(GatewayPayload dispatch, EventMeta meta) {
    return new RawEvent(meta, dispatch.data());
  }

  /**
   * The event bound to {@code type}.
   *
   * @throws GatewayException of kind EVENT_DECODE when the body cannot be bound
   */
  public static <T extends GatewayEvent> T decode(
      GatewayPayload dispatch, EventMeta meta, Class<T> type) {
    RawJson data = dispatch.data().isObject() ? dispatch.data() : RawJson.of("{}");
    EventReaders.EventReader fast = EventReaders.of(type);
    if (fast != null) {
      T event = readFast(fast, data, meta, type);
      if (event != null) {
        return event;
      }
    }
    return bind(dispatch, data, meta, type);
  }

  /**
   * The event from the fast path, or null to have Jackson bind it: for a value the fast path does
   * not read exactly as Jackson would, and for any error, which Jackson then reports as before.
   */
  private static <T extends GatewayEvent> T readFast(
      EventReaders.EventReader fast, RawJson data, EventMeta meta, Class<T> type) {
    try (var parser = data.parserThrough()) {
      T event = type.cast(fast.read(parser, meta));
      data.readThrough(parser);
      return event;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The event bound by Jackson (the reference the fast path agrees with). */
  static <T extends GatewayEvent> T bind(
      GatewayPayload dispatch, RawJson data, EventMeta meta, Class<T> type) {
    ObjectReader reader = READERS.computeIfAbsent(type, EventDecoder::readerFor);
    // The meta reaches the record through MetaInjection on this thread: one reader per type,
    // resolved once, and no per-event reader copy or injectables map.
    MetaInjection.CURRENT.set(meta);
    try (var parser = data.parser()) {
      return type.cast(reader.readValue(parser));
    } catch (JacksonException | IllegalArgumentException e) {
      throw GatewayException.of(
          GatewayException.Kind.EVENT_DECODE, "cannot decode " + dispatch.type(), e);
    } finally {
      MetaInjection.CURRENT.set(null);
    }
  }
}
