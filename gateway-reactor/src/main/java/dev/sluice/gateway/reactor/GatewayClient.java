package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.command.Identify;
import dev.sluice.gateway.core.command.IdentifyProperties;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.session.ConnectionState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * One shard of the Discord Gateway. Nothing happens until {@link #connect()} is subscribed; from
 * then on the client connects, identifies or resumes, heartbeats, detects zombie connections and
 * reconnects on its own, until {@link #close()} or a fatal close code.
 *
 * <pre>{@code
 * GatewayClient client = GatewayClient.builder(BotToken.of(System.getenv("DISCORD_TOKEN")))
 *     .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
 *     .build();
 * Flux<MessageCreate> messages = client.on(MessageCreate.class);
 * Mono.when(client.connect(), messages.doOnNext(...)).block();
 * }</pre>
 *
 * <p>Thread-safe. Events are emitted on the Netty event loop into one bounded buffer per
 * subscriber: a slow subscriber (use {@code publishOn} for blocking work) never delays the socket,
 * the heartbeat or other subscribers. Timers run on the configured {@link Scheduler}.
 */
public final class GatewayClient {

  private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

  /** Consecutive protocol errors after which a session is given up for a new one. */
  static final int POISON_LIMIT = 3;

  private final Options options;
  private final Transport transport;
  private final IdentifyLimiter identifyLimiter;
  // Emissions are already serialized: one connection at a time emits, from its serialized pipeline
  // (the next connection starts only after the previous one's pipeline has terminated), so the
  // sink needs no serialization of its own.
  private final Sinks.Many<Dispatched> dispatches =
      Sinks.unsafe().many().multicast().directBestEffort();
  private final Sinks.Many<GatewayState> states = Sinks.many().replay().latest();
  private final Sinks.Empty<Void> closeSignal = Sinks.empty();
  private final Sinks.Empty<Void> terminated = Sinks.empty();
  private final AtomicReference<ConnectionRun> current = new AtomicReference<>();
  private final AtomicReference<Session> session = new AtomicReference<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private volatile Boolean closeRequested;
  private volatile boolean running;
  private volatile boolean resumeUrlFailed;
  private volatile Duration latency;
  private volatile boolean lastRunWasReady;

  private GatewayClient(Options options, Transport transport, IdentifyLimiter identifyLimiter) {
    this.options = options;
    this.transport = transport;
    this.identifyLimiter = identifyLimiter;
  }

  /** A builder for a client with this token; see {@link Builder} for the defaults. */
  public static Builder builder(BotToken token) {
    return new Builder(token);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /**
   * Runs the client: connects and keeps reconnecting until {@link #close()} (then completes) or a
   * fatal close code or exhausted reconnect attempts (then errors with a {@link GatewayException}).
   * Cancelling the subscription tears everything down. Subscribe once.
   */
  public Mono<Void> connect() {
    return Mono.defer(
            () -> {
              if (running) {
                return Mono.error(new IllegalStateException("connect() is already running"));
              }
              running = true;
              // tag::loop[]
              return options
                  .sessionStore()
                  .load(options.shard())
                  .doOnNext(session::set)
                  .then(
                      Mono.defer(this::connectOnce)
                          .retryWhen(Retry.from(s -> s.concatMap(this::beforeRetry))))
                  .takeUntilOther(closeSignal.asMono());
              // end::loop[]
            })
        .doFinally(
            signal -> {
              running = false;
              terminated.tryEmitEmpty();
            });
  }

  /** Closes with 1000: the session ends and the bot goes offline. Completes when closed. */
  public Mono<Void> close() {
    return shutdown(false).then();
  }

  /**
   * Closes with a resumable code (4900) and hands back the session, so another process can Resume
   * it (it is also saved to the {@link SessionStore}). Empty when there was no session.
   */
  public Mono<Session> closeResumable() {
    return shutdown(true).flatMap(Mono::justOrEmpty);
  }

  private Mono<Optional<Session>> shutdown(boolean resumable) {
    return Mono.defer(
        () -> {
          closeRequested = resumable;
          ConnectionRun run = current.get();
          if (run != null) {
            run.requestClose(resumable);
          } else {
            if (!resumable) {
              session.set(null);
            }
            emitState(new GatewayState.Closed(session.get()));
            closeSignal.tryEmitEmpty();
          }
          Mono<Void> done = running ? terminated.asMono() : Mono.empty();
          return done.then(Mono.fromSupplier(() -> Optional.ofNullable(session.get())));
        });
  }

  private Mono<Void> connectOnce() {
    if (closeRequested != null) {
      return Mono.empty();
    }
    int attempt = attempts.incrementAndGet();
    Session resumable = session.get();
    String base =
        resumable != null && !resumeUrlFailed ? resumable.resumeGatewayUrl() : options.gatewayUrl();
    String url = withQuery(base);
    emitState(new GatewayState.Connecting(attempt, url));
    log.info("shard {} connecting to {} (attempt {})", options.shard(), url, attempt);
    return transport
        .connect(url)
        .timeout(options.handshakeTimeout(), options.scheduler())
        .onErrorMap(
            e -> {
              if (resumable != null) {
                resumeUrlFailed = true;
              }
              return new ReconnectSignal(
                  new DisconnectReason.Resumable(DisconnectReason.Cause.CONNECTION_LOST, -1),
                  false,
                  e);
            })
        .flatMap(
            connection -> {
              ConnectionRun run =
                  new ConnectionRun(
                      this, connection, ConnectionState.start(options.shard(), resumable));
              current.set(run);
              Boolean close = closeRequested;
              if (close != null) {
                run.requestClose(close);
              }
              return run.run().doFinally(s -> current.compareAndSet(run, null));
            })
        .flatMap(this::afterConnection);
  }

  private Mono<Void> afterConnection(ConnectionState end) {
    Session kept = end.session().orElse(null);
    session.set(kept);
    Mono<Void> store =
        kept != null
            ? options.sessionStore().save(kept)
            : options.sessionStore().remove(options.shard());
    DisconnectReason reason = end.endReason();
    boolean healthy = lastRunWasReady;
    if (reason instanceof DisconnectReason.Shutdown) {
      emitState(new GatewayState.Closed(kept));
      log.info(
          "shard {} closed ({})", options.shard(), kept == null ? "session ended" : "resumable");
      return store;
    }
    if (reason instanceof DisconnectReason.Fatal fatal) {
      emitState(new GatewayState.FatallyClosed(fatal.code(), fatal.rawCode(), fatal.reason()));
      log.error(
          "shard {} closed by the gateway with fatal code {} ({}); not reconnecting",
          options.shard(),
          fatal.rawCode(),
          fatal.code().description());
      return store.then(
          Mono.error(GatewayException.fatalClose(fatal.code(), fatal.rawCode(), fatal.reason())));
    }
    return store.then(Mono.error(new ReconnectSignal(reason, healthy, null)));
  }

  private Mono<Long> beforeRetry(Retry.RetrySignal signal) {
    if (!(signal.failure() instanceof ReconnectSignal reconnect)) {
      return Mono.error(signal.failure());
    }
    int failures = reconnect.healthy ? 0 : failuresInARow.incrementAndGet();
    if (reconnect.healthy) {
      failuresInARow.set(0);
    }
    lastRunWasReady = false;
    if (failures > options.reconnect().maxAttempts()) {
      return Mono.error(
          GatewayException.of(
              GatewayException.Kind.CONNECTION,
              "gave up after " + failures + " failed connection attempts",
              reconnect.getCause()));
    }
    if (failures >= POISON_LIMIT
        && reconnect.reason instanceof DisconnectReason.Resumable r
        && r.cause() == DisconnectReason.Cause.PROTOCOL_ERROR
        && session.get() != null) {
      // The same replay keeps breaking the connection (a message over the limit, say): resuming
      // cannot succeed, so start a new session rather than loop forever.
      log.warn(
          "shard {} abandoning session after {} protocol errors in a row; identifying anew",
          options.shard(),
          failures);
      session.set(null);
    }
    Duration wait =
        options.reconnect().delay(reconnect.reason, failures, options.jitter().getAsDouble());
    emitState(new GatewayState.Disconnected(reconnect.reason, attempts.get(), wait));
    log.info(
        "shard {} disconnected: {}; reconnecting in {} ms{}",
        options.shard(),
        reconnect.reason,
        wait.toMillis(),
        reconnect.getCause() == null
            ? ""
            : " (" + reconnect.getCause().getClass().getSimpleName() + ")");
    return Mono.delay(wait, options.scheduler());
  }

  private String withQuery(String base) {
    String query = "?v=10&encoding=json";
    if (options.compression().queryValue() != null) {
      query += "&compress=" + options.compression().queryValue();
    }
    return (base.endsWith("/") ? base : base + "/") + query;
  }

  // ---- called by the connection ----------------------------------------------------------------

  Options options() {
    return options;
  }

  IdentifyLimiter identifyLimiter() {
    return identifyLimiter;
  }

  Identify identifyPayload() {
    return new Identify(
        options.token(),
        options.intents(),
        IdentifyProperties.sluice(),
        options.shard(),
        options.largeThreshold(),
        options.presence(),
        null);
  }

  void onReady(ConnectionRun run, Session started, boolean resumed) {
    session.set(started);
    lastRunWasReady = true;
    resumeUrlFailed = false;
    options
        .sessionStore()
        .save(started)
        .subscribe(null, e -> log.warn("session store failed: {}", e.toString()));
    emitState(new GatewayState.Ready(started, resumed));
    log.info(
        "shard {} {} (session {}, seq {})",
        options.shard(),
        resumed ? "RESUMED" : "READY",
        started.sessionId(),
        started.sequence());
  }

  void emitState(GatewayState state) {
    synchronized (states) {
      // Serialized by the lock; a replay sink accepts every value while it is not terminated.
      states.tryEmitNext(state);
    }
  }

  void emitDispatch(Dispatched dispatched) {
    // One connection emits at a time, from its serialized pipeline; FAIL_ZERO_SUBSCRIBER means no
    // one
    // listens right now, which is what a hot stream does.
    dispatches.tryEmitNext(dispatched);
  }

  void recordLatency(Duration measured) {
    latency = measured;
    log.debug("shard {} heartbeat acknowledged in {} ms", options.shard(), measured.toMillis());
  }

  // ---- what users see --------------------------------------------------------------------------

  /**
   * Every event, typed where Sluice models it, else {@link RawEvent}. Hot: subscribers see events
   * from the moment they subscribe, across reconnects. Each subscriber has its own buffer of {@link
   * Builder#eventBuffer} events with its overflow policy.
   */
  public Flux<GatewayEvent> events() {
    return buffered(dispatches.asFlux())
        .handle(
            (dispatched, sink) -> {
              try {
                sink.next(dispatched.event());
              } catch (GatewayException e) {
                log.warn(
                    "shard {} event {} (seq {}) could not be decoded; delivered raw: {}",
                    options.shard(),
                    dispatched.type(),
                    dispatched.meta.sequence(),
                    e.getMessage());
                sink.next(EventDecoder.raw(dispatched.payload, dispatched.meta));
              }
            });
  }

  /**
   * Every dispatch exactly as received, none decoded: each {@link RawEvent} holds its type,
   * sequence and undecoded {@code d}. The cheapest way to see everything (to forward events to a
   * queue, say); {@link EventDecoder#decode} types one later if needed. Hot and buffered like
   * {@link #events()}.
   */
  public Flux<RawEvent> raw() {
    return buffered(dispatches.asFlux())
        .map(dispatched -> EventDecoder.raw(dispatched.payload, dispatched.meta));
  }

  /**
   * Events of one type, decoded only for subscribers of that type. {@code on(RawEvent.class)} gives
   * the events Sluice does not model.
   */
  public <T extends GatewayEvent> Flux<T> on(Class<T> type) {
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
                log.warn(
                    "shard {} event {} (seq {}) could not be decoded; skipped: {}",
                    options.shard(),
                    name,
                    dispatched.meta.sequence(),
                    e.getMessage());
              }
            });
  }

  private Flux<Dispatched> buffered(Flux<Dispatched> source) {
    return new EventBuffer<>(source, options.eventBuffer(), options.overflow(), this::dropped);
  }

  private void dropped(Dispatched dispatched) {
    log.warn(
        "shard {} slow subscriber: dropped {} (seq {})",
        options.shard(),
        dispatched.type(),
        dispatched.meta.sequence());
  }

  /**
   * Sends a user command once the connection is ready; completes when the frame is written to the
   * socket. Fails with {@code PAYLOAD_TOO_LARGE} over 4096 bytes, before anything is queued.
   */
  public Mono<Void> send(GatewayCommand command) {
    return Mono.fromCallable(() -> GatewayCodec.encode(command))
        .flatMap(frame -> readyRun().flatMap(run -> run.sendUser(frame)));
  }

  private Mono<ConnectionRun> readyRun() {
    return Mono.defer(
        () -> {
          ConnectionRun run = current.get();
          if (run != null && run.isReady()) {
            return Mono.just(run);
          }
          return states.asFlux().skip(1).filter(GatewayState::isReady).next().then(readyRun());
        });
  }

  /** Lifecycle states; a new subscriber first gets the current state. */
  public Flux<GatewayState> state() {
    return states.asFlux();
  }

  /** The current session, if there is one. */
  public Optional<Session> session() {
    return Optional.ofNullable(session.get());
  }

  /** The last heartbeat round trip, once one was measured. */
  public Optional<Duration> latency() {
    return Optional.ofNullable(latency);
  }

  /** The shard this client runs. */
  public ShardInfo shard() {
    return options.shard();
  }

  @Override
  public String toString() {
    return "GatewayClient[shard=" + options.shard() + "]";
  }

  /**
   * Immutable configuration of a client; {@link Builder} lists the defaults. Its {@code toString}
   * redacts the token.
   */
  record Options(
      BotToken token,
      Intents intents,
      ShardInfo shard,
      Compression compression,
      String gatewayUrl,
      Scheduler scheduler,
      DoubleSupplier jitter,
      ReconnectSpec reconnect,
      Duration handshakeTimeout,
      Duration helloTimeout,
      Duration readyTimeout,
      int maxMessageBytes,
      int maxFrameBytes,
      int eventBuffer,
      OverflowPolicy overflow,
      SessionStore sessionStore,
      UpdatePresence presence,
      Integer largeThreshold) {}

  /** Builds a {@link GatewayClient}; see the class {@code Builder} for options and defaults. */
  public static final class Builder extends GatewayClientBuilder<Builder> {
    Builder(BotToken token) {
      super(token);
    }

    /** The client. Nothing connects until {@link GatewayClient#connect()} is subscribed. */
    public GatewayClient build() {
      Options options = options();
      Transport t =
          transport != null
              ? transport
              : new NettyTransport(httpClient, options.maxFrameBytes(), options.maxMessageBytes());
      IdentifyLimiter limiter =
          identifyLimiter != null
              ? identifyLimiter
              : IdentifyLimiter.local(1, Duration.ofMillis(250), options.scheduler());
      return new GatewayClient(options, t, limiter);
    }
  }
}
