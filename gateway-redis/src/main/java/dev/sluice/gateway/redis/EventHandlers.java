package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The handlers of an {@link EventSource}, by event type. An entry is decoded once per type a
 * handler asked for (through the same decoder as a single process), and every matching handler runs
 * with the entry's {@link EventKey} in its context. Immutable once built.
 */
final class EventHandlers {

  private record Handler(
      String name, Class<? extends GatewayEvent> type, Function<Object, Mono<Void>> body) {}

  private final List<Handler> handlers = new ArrayList<>();

  @SuppressWarnings("unchecked")
  <T extends GatewayEvent> void add(Class<T> type, Function<? super T, ? extends Mono<Void>> body) {
    String name =
        type == GatewayEvent.class || type == RawEvent.class ? null : EventTypes.nameOf(type);
    handlers.add(new Handler(name, type, e -> (Mono<Void>) body.apply(type.cast(e))));
  }

  boolean isEmpty() {
    return handlers.isEmpty();
  }

  /**
   * Runs every handler for {@code entry}, one after another; completes when all have, fails with
   * the first failure (a decode failure included). An entry no handler wants completes at once.
   */
  Mono<Void> handle(StreamEntry entry) {
    // A plain chain rather than a Flux over the handlers: this runs once per entry, on the hot
    // path.
    Mono<Void> chain = null;
    for (Handler h : handlers) {
      if (h.name() == null || h.name().equals(entry.type())) {
        Mono<Void> one = Mono.defer(() -> h.body().apply(decode(entry, h.type())));
        chain = chain == null ? one : chain.then(one);
      }
    }
    return chain == null
        ? Mono.empty()
        : chain.contextWrite(Context.of(EventKey.class, entry.key()));
  }

  private static Object decode(StreamEntry entry, Class<? extends GatewayEvent> type) {
    RawEvent raw = entry.raw();
    if (type == RawEvent.class) {
      return raw;
    }
    if (type == GatewayEvent.class) {
      return raw.decode();
    }
    return raw.decode(type);
  }
}
