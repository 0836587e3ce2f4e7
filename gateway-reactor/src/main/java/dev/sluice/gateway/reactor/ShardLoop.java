package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.internal.session.Backoff;
import dev.sluice.gateway.core.internal.session.ConnectionState;
import dev.sluice.gateway.core.internal.session.Lifecycle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The connection loop of one {@link GatewayClient} and the one owner of its lifecycle across
 * connections: {@code Mono.defer(connectOnce).retryWhen(...)}, where each connection's events are
 * folded here (dispatches to the {@link EventStreams}, states to {@link #states()}) and its end is
 * handed to the pure {@link Lifecycle} policy, whose decision (reconnect after a wait, stop, fail)
 * this class carries out. Every {@link GatewayState} of the client is emitted here, and only here.
 *
 * <p>Thread-safe: the lifecycle is an immutable value replaced atomically; one connection runs at a
 * time (the next starts after the previous one's events have completed).
 */
final class ShardLoop {

  private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

  private final GatewayClient.Options options;
  private final Transport transport;
  private final IdentifyLimiter identifyLimiter;
  private final EventStreams streams;
  private final Sinks.Many<GatewayState> states = Sinks.many().replay().latest();
  private final Sinks.Empty<Void> closeSignal = Sinks.empty();
  private final Sinks.Empty<Void> terminated = Sinks.empty();
  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.start(null));
  private final AtomicReference<ConnectionRun> current = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Duration latency;
  private volatile GatewayState lastState;
  private final ShardObservation observation;

  ShardLoop(
      GatewayClient.Options options,
      Transport transport,
      IdentifyLimiter identifyLimiter,
      EventStreams streams) {
    this.options = options;
    this.transport = transport;
    this.identifyLimiter = identifyLimiter;
    this.streams = streams;
    this.observation = new ShardObservation(options.observer(), options.shard(), identifyLimiter);
  }

  Mono<Void> run() {
    return Mono.defer(
            () -> {
              if (!running.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("connect() is already running"));
              }
              // tag::loop[]
              return options
                  .sessionStore()
                  .load(options.shard())
                  .doOnNext(stored -> lifecycle.updateAndGet(l -> l.resume(stored)))
                  .then(
                      Mono.defer(this::connectOnce)
                          .retryWhen(Retry.from(signals -> signals.concatMap(this::beforeRetry))))
                  .takeUntilOther(closeSignal.asMono());
              // end::loop[]
            })
        .doOnError(
            e -> {
              // whatever ended the loop, the client will not connect again: say so once
              if (!isFinal(lastState)) {
                emitState(new GatewayState.Failed(e.toString()));
              }
            })
        .doFinally(
            signal -> {
              running.set(false);
              terminated.tryEmitEmpty();
            });
  }

  /** Closes the shard (1000, or resumably) and hands back the session left, if any. */
  Mono<Optional<Session>> shutdown(boolean resumable) {
    return Mono.defer(
        () -> {
          lifecycle.updateAndGet(l -> l.close(resumable));
          ConnectionRun run = current.get();
          Mono<Void> keep = Mono.empty();
          if (run != null) {
            run.requestClose(resumable);
          } else {
            Session left = lifecycle.get().session();
            boolean waiting = running.get(); // before the signal ends the loop
            emitState(new GatewayState.Closed(left));
            closeSignal.tryEmitEmpty();
            if (waiting) {
              // between connections (a reconnect's wait): store what the close leaves, as the end
              // of a connection would have
              keep =
                  left != null
                      ? options.sessionStore().save(left)
                      : options.sessionStore().remove(options.shard());
            }
          }
          Mono<Void> done = running.get() ? terminated.asMono() : Mono.empty();
          return done.then(keep).then(Mono.fromSupplier(this::session));
        });
  }

  private Mono<Void> connectOnce() {
    Lifecycle now = lifecycle.updateAndGet(Lifecycle::connecting);
    if (now.isClosing()) {
      // Closed while the last connection was ending (its rules had ended it already, so the
      // request found nothing to close): stop here, as that connection's end would have.
      // (The ended connection handed its session back: only a resumable close keeps it.)
      Lifecycle closed = now.close(now.closing().resumable());
      return enact(new Lifecycle.Decision.Stop(closed, closed.session()), null);
    }
    String base = now.target(options.gatewayUrl());
    String url = withQuery(base);
    emitState(new GatewayState.Connecting(now.attempts(), url));
    log.info("shard {} connecting to {} (attempt {})", options.shard(), url, now.attempts());
    ConnectionState start = ConnectionState.start(options.shard(), now.session(), base);
    return transport
        .connect(url)
        .timeout(options.handshakeTimeout(), options.scheduler())
        .onErrorMap(HandshakeFailed::new)
        .flatMap(
            connection ->
                // The fold takes every event as it comes; the run ends at its Ended (cancelled
                // there, as before, so that it is cleaned up before what follows). Unlike a
                // handle() that emits only the end, this asks nothing upstream per event.
                open(connection, start)
                    .doOnNext(this::fold)
                    .takeUntil(event -> event instanceof ConnectionEvent.Ended)
                    .takeLast(1)
                    .ofType(ConnectionEvent.Ended.class)
                    .next()
                    .flatMap(
                        end ->
                            enact(
                                decide(
                                    l -> l.after(end.reason(), end.kept(), null, backoff(), r())),
                                end)))
        .onErrorResume(
            HandshakeFailed.class,
            e -> enact(decide(l -> l.afterConnectFailure(e.getCause(), backoff(), r())), null));
  }

  private Flux<ConnectionEvent> open(Transport.Connection connection, ConnectionState start) {
    ConnectionRun run = new ConnectionRun(options, identifyLimiter, connection, start);
    current.set(run);
    Lifecycle now = lifecycle.get();
    if (now.isClosing()) {
      run.requestClose(now.closing().resumable());
    }
    return run.events().doFinally(s -> current.compareAndSet(run, null));
  }

  /** Folds one connection event (the end is taken by the caller). */
  private void fold(ConnectionEvent event) {
    if (event instanceof Dispatched dispatched) {
      observation.dispatched(dispatched);
      streams.emit(dispatched); // nearly every event
    } else if (event instanceof ConnectionEvent.Ready ready) {
      observation.dispatched(ready.dispatch());
      streams.emit(ready.dispatch());
      lifecycle.updateAndGet(l -> l.ready(ready.session()));
      options
          .sessionStore()
          .save(ready.session())
          .subscribe(null, e -> log.warn("session store failed: {}", e.toString()));
      emitState(new GatewayState.Ready(ready.session(), ready.resumed()));
      log.info(
          "shard {} {} (session {}, seq {})",
          options.shard(),
          ready.resumed() ? "RESUMED" : "READY",
          ready.session().sessionId(),
          ready.session().sequence());
    } else if (event instanceof ConnectionEvent.StateChanged changed) {
      emitState(changed.state());
    } else if (event instanceof ConnectionEvent.Latency measured) {
      lifecycle.updateAndGet(Lifecycle::acknowledged); // ready and acknowledged: healthy
      latency = measured.roundTrip();
      observation.latency(measured);
      log.debug("shard {} heartbeat acknowledged in {} ms", options.shard(), latency.toMillis());
    }
  }

  private Lifecycle.Decision decide(Function<Lifecycle, Lifecycle.Decision> step) {
    Lifecycle.Decision[] decided = new Lifecycle.Decision[1];
    lifecycle.updateAndGet(l -> (decided[0] = step.apply(l)).next());
    return decided[0];
  }

  /**
   * Carries out a decision after {@code end} (null when no connection was opened): keeps the
   * session, reports a lost one, then stops, fails or asks for a retry.
   */
  private Mono<Void> enact(Lifecycle.Decision decision, ConnectionEvent.Ended end) {
    Session kept = decision.next().session();
    Mono<Void> stored =
        kept != null
            ? options.sessionStore().save(kept)
            : options.sessionStore().remove(options.shard());
    // A store that fails (Redis briefly away) must not end a shard that is only reconnecting: the
    // stored session is older then, so a later Resume replays more (duplicates, never a loss).
    Mono<Void> store =
        stored.onErrorResume(
            e -> {
              log.warn(
                  "shard {}: session store failed ({}); reconnecting anyway",
                  options.shard(),
                  e.toString());
              return Mono.empty();
            });
    if (decision instanceof Lifecycle.Decision.Stop stop) {
      emitState(new GatewayState.Closed(stop.kept()));
      log.info(
          "shard {} closed ({})", options.shard(), kept == null ? "session ended" : "resumable");
      return stored; // the user closed: a store that failed is theirs to see
    }
    if (decision instanceof Lifecycle.Decision.Fail fail) {
      if (end != null && end.reason() instanceof DisconnectReason.Fatal fatal) {
        reportLost(fail.lost(), end);
        emitState(new GatewayState.FatallyClosed(fatal.code(), fatal.rawCode(), fatal.reason()));
        log.error(
            "shard {} closed by the gateway with fatal code {} ({}); not reconnecting",
            options.shard(),
            fatal.rawCode(),
            fatal.code().description());
      } else {
        reportLost(fail.lost(), end);
        emitState(new GatewayState.Failed(fail.error().getMessage()));
        log.error("shard {} gave up: {}", options.shard(), fail.error().getMessage());
      }
      return store.then(Mono.error(fail.error()));
    }
    Lifecycle.Decision.Reconnect reconnect = (Lifecycle.Decision.Reconnect) decision;
    reportLost(reconnect.lost(), end);
    return store.then(Mono.error(new ReconnectSignal(reconnect)));
  }

  /** Tells users a session is gone, with the last sequence delivered on it. */
  private void reportLost(Session lost, ConnectionEvent.Ended end) {
    if (lost == null) {
      return;
    }
    Session last = end != null && end.last() != null ? end.last() : lost;
    DisconnectReason why = end != null ? end.reason() : null;
    emitState(new GatewayState.SessionLost(last, why));
    log.warn(
        "shard {} lost session {} after seq {} ({}); events after it will not be replayed",
        options.shard(),
        last.sessionId(),
        last.sequence(),
        why);
  }

  private Mono<Long> beforeRetry(Retry.RetrySignal signal) {
    if (!(signal.failure() instanceof ReconnectSignal reconnect)) {
      return Mono.error(signal.failure());
    }
    Lifecycle.Decision.Reconnect decision = reconnect.decision;
    GatewayState disconnected =
        new GatewayState.Disconnected(
            decision.reason(), lifecycle.get().attempts(), decision.delay());
    if (!emitUnlessClosing(disconnected)) {
      // close() came after this reconnect was decided: the next attempt stops at once (or the
      // close signal has ended the loop already); no Disconnected after the user's Closed.
      return Mono.just(0L);
    }
    log.info(
        "shard {} disconnected: {}; reconnecting in {} ms",
        options.shard(),
        decision.reason(),
        decision.delay().toMillis());
    return Mono.delay(decision.delay(), options.scheduler());
  }

  /**
   * The current run once it is ready (waiting for the next READY or RESUMED otherwise); a
   * CONNECTION error once the client is closed or fatally closed, as it will not become ready
   * again.
   */
  Mono<ConnectionRun> readyRun() {
    return Mono.defer(
        () -> {
          ConnectionRun run = current.get();
          if (run != null && run.isReady()) {
            return Mono.just(run);
          }
          // The first state is the latest one replayed: a stale Ready is not a new one.
          return states
              .asFlux()
              .index()
              .filter(
                  s ->
                      isFinal(s.getT2())
                          || (s.getT2().isReady() && (s.getT1() > 0 || isCurrentReady())))
              .next()
              .flatMap(
                  s ->
                      s.getT2().isReady()
                          ? readyRun()
                          : Mono.error(
                              GatewayException.of(
                                  GatewayException.Kind.CONNECTION,
                                  "not sent: the client is closed (" + s.getT2() + ")")));
        });
  }

  private static boolean isFinal(GatewayState state) {
    return state instanceof GatewayState.Closed
        || state instanceof GatewayState.FatallyClosed
        || state instanceof GatewayState.Failed;
  }

  private boolean isCurrentReady() {
    ConnectionRun run = current.get();
    return run != null && run.isReady();
  }

  /** Emits {@code state} unless the shard is closing; atomic with {@link #shutdown}'s Closed. */
  private boolean emitUnlessClosing(GatewayState state) {
    synchronized (states) {
      if (lifecycle.get().isClosing()) {
        return false;
      }
      emitState(state);
      return true;
    }
  }

  private void emitState(GatewayState state) {
    synchronized (states) {
      // Serialized by the lock; a replay sink accepts every value while it is not terminated.
      states.tryEmitNext(state);
      lastState = state;
      observation.state(state);
    }
  }

  Flux<GatewayState> states() {
    return states.asFlux();
  }

  Optional<Session> session() {
    return Optional.ofNullable(lifecycle.get().session());
  }

  Optional<Duration> latency() {
    return Optional.ofNullable(latency);
  }

  IdentifyLimiter identifyLimiter() {
    return identifyLimiter;
  }

  private Backoff backoff() {
    return options.reconnect().backoff();
  }

  private double r() {
    return options.jitter().getAsDouble();
  }

  private String withQuery(String base) {
    String query = "?v=10&encoding=json";
    if (options.compression().queryValue() != null) {
      query += "&compress=" + options.compression().queryValue();
    }
    return (base.endsWith("/") ? base : base + "/") + query;
  }

  /** The WebSocket handshake failed: no connection was opened. Control flow, no stack trace. */
  private static final class HandshakeFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandshakeFailed(Throwable cause) {
      super("handshake failed", cause, false, false);
    }
  }
}
