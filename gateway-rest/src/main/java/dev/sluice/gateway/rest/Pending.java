package dev.sluice.gateway.rest;

import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One request waiting in (or sent from) a {@link Lane}: its route, how to perform the exchange, the
 * caller's sink and its retry counts. Owned by {@link RateLimiter}; its fields are read and written
 * under the limiter's lock, except {@code sink}, which is thread-safe.
 */
final class Pending {

  final Route route;
  final Supplier<Mono<RestResponse>> exchange;
  final MonoSink<RestResponse> sink;

  /** The order of submission (the limiter's count), kept when lanes merge. */
  long order;

  int rateLimitRetries;
  int connectionRetries;
  boolean cancelled;
  Disposable inFlight;

  Pending(Route route, Supplier<Mono<RestResponse>> exchange, MonoSink<RestResponse> sink) {
    this.route = route;
    this.exchange = exchange;
    this.sink = sink;
  }
}
