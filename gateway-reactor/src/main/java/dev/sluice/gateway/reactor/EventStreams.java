package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A client's dispatches as users subscribe to them: all typed ({@link #events()}), raw ({@link
 * #raw()}) or one type ({@link #on}), each subscriber through its own bounded {@link EventBuffer}.
 * Hot: a subscriber sees what is dispatched while it is subscribed, across reconnects, from the
 * moment it is told of its subscription (a connect started in {@code doOnSubscribe} misses
 * nothing).
 *
 * <p>{@link #emit} is called by the {@link GatewayClient}'s fold of its connections' events, one
 * connection at a time from its serialized pipeline, so the sink needs no serialization of its own.
 */
final class EventStreams {

  private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

  private final ShardInfo shard;
  private final int bufferSize;
  private final OverflowPolicy overflow;
  private final GatewayObserver observer;
  private final Sinks.Many<Dispatched> dispatches =
      Sinks.unsafe().many().multicast().directBestEffort();

  EventStreams(ShardInfo shard, int bufferSize, OverflowPolicy overflow) {
    this(shard, bufferSize, overflow, GatewayObserver.none());
  }

  EventStreams(ShardInfo shard, int bufferSize, OverflowPolicy overflow, GatewayObserver observer) {
    this.shard = shard;
    this.observer = observer;
    this.bufferSize = bufferSize;
    this.overflow = overflow;
  }

  /** Delivers a dispatch; FAIL_ZERO_SUBSCRIBER means no one listens now, as in any hot stream. */
  void emit(Dispatched dispatched) {
    dispatches.tryEmitNext(dispatched);
  }

  Flux<GatewayEvent> events() {
    return buffered(dispatches.asFlux())
        .handle(
            (dispatched, sink) -> {
              try {
                sink.next(dispatched.event());
              } catch (GatewayException e) {
                undecodable(dispatched, "delivered raw", e);
                sink.next(EventDecoder.raw(dispatched.payload, dispatched.meta));
              }
            });
  }

  Flux<RawEvent> raw() {
    return buffered(dispatches.asFlux())
        .map(dispatched -> EventDecoder.raw(dispatched.payload, dispatched.meta));
  }

  <T extends GatewayEvent> Flux<T> on(Class<T> type) {
    if (type == GatewayEvent.class) {
      return events().cast(type);
    }
    if (type == RawEvent.class) {
      return events().ofType(type);
    }
    String name = EventTypes.nameOf(type);
    return buffered(dispatches.asFlux().filter(d -> name.equals(d.type())))
        .handle(
            (dispatched, sink) -> {
              try {
                sink.next(dispatched.as(type));
              } catch (GatewayException e) {
                undecodable(dispatched, "skipped", e);
              }
            });
  }

  private Flux<Dispatched> buffered(Flux<Dispatched> source) {
    return new EventBuffer<>(source, bufferSize, overflow, this::dropped, true);
  }

  private void undecodable(Dispatched dispatched, String outcome, GatewayException e) {
    log.warn(
        "shard {} event {} (seq {}) could not be decoded; {}: {}",
        shard,
        dispatched.type(),
        dispatched.meta.sequence(),
        outcome,
        e.getMessage());
  }

  private void dropped(Dispatched dispatched) {
    observer.eventDropped(shard, dispatched.type(), overflow);
    log.warn(
        "shard {} slow subscriber: dropped {} (seq {})",
        shard,
        dispatched.type(),
        dispatched.meta.sequence());
  }
}
