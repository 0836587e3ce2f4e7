package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.command.Identify;
import dev.sluice.gateway.core.command.IdentifyProperties;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One shard of the Discord Gateway. Nothing happens until {@link #connect()} is subscribed; from
 * then on the client connects, identifies or resumes, heartbeats, detects zombie connections and
 * reconnects on its own, until {@link #close()} or a fatal close code.
 *
 * <pre>{@code
 * GatewayClient client =
 *     GatewayClient.builder(BotToken.of(System.getenv("DISCORD_TOKEN")))
 *         .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
 *         .build();
 * client.on(MessageCreate.class).subscribe(m -> log.info("{}", m.content()));
 * client.connect().block(); // until client.close(), or a fatal close code (then it throws)
 * }</pre>
 *
 * <p>Thread-safe. Events are emitted on the Netty event loop into one bounded buffer per
 * subscriber: a slow subscriber (use {@code publishOn} for blocking work) never delays the socket,
 * the heartbeat or other subscribers. Timers run on the configured {@link Scheduler}. The lifecycle
 * across connections is {@link ShardLoop}'s.
 */
public final class GatewayClient {

  private final Options options;
  private final EventStreams streams;
  private final ShardLoop loop;

  private GatewayClient(Options options, Transport transport, IdentifyLimiter identifyLimiter) {
    this.options = options;
    this.streams =
        new EventStreams(
            options.shard(), options.eventBuffer(), options.overflow(), options.observer());
    this.loop = new ShardLoop(options, transport, identifyLimiter, streams);
  }

  /** A builder for a client with this token; see {@link GatewayClientBuilder} for the defaults. */
  public static Builder builder(BotToken token) {
    return new Builder(token);
  }

  /**
   * Runs the client: connects and keeps reconnecting until {@link #close()} (then completes) or a
   * fatal close code or exhausted reconnect attempts (then errors with a {@link
   * dev.sluice.gateway.core.GatewayException}). Cancelling the subscription tears everything down.
   * Subscribe once at a time.
   */
  public Mono<Void> connect() {
    return loop.run();
  }

  /**
   * Closes with 1000: the session ends and the bot goes offline. Completes when the close frame has
   * been written to the socket (or could not be, within a grace period) and {@link #connect()} has
   * completed; immediately when not connected. The server reads the frame a moment later: a test
   * against the fake gateway waits for it with {@code transcript().awaitClosing(n, timeout)}.
   */
  public Mono<Void> close() {
    return loop.shutdown(false).then();
  }

  /**
   * Closes with a resumable code (4900) and hands back the session, so another process can Resume
   * it (it is also saved to the {@link SessionStore}). Empty when there was no session.
   */
  public Mono<Session> closeResumable() {
    return loop.shutdown(true).flatMap(Mono::justOrEmpty);
  }

  /**
   * Every event, typed where Sluice models it, else {@link RawEvent}. Hot: subscribers see events
   * from the moment they subscribe, across reconnects. Each subscriber has its own buffer of {@link
   * GatewayClientBuilder#eventBuffer} events with its overflow policy.
   */
  public Flux<GatewayEvent> events() {
    return streams.events();
  }

  /**
   * Every dispatch exactly as received, none decoded: each {@link RawEvent} holds its type,
   * sequence and undecoded {@code d}. The cheapest way to see everything (to forward events to a
   * queue, say); {@link RawEvent#decode()} types one later if needed. Hot and buffered like {@link
   * #events()}.
   */
  public Flux<RawEvent> raw() {
    return streams.raw();
  }

  /**
   * Events of one type, decoded only for subscribers of that type. {@code on(RawEvent.class)} gives
   * the events Sluice does not model.
   */
  public <T extends GatewayEvent> Flux<T> on(Class<T> type) {
    return streams.on(type);
  }

  /**
   * Sends a user command once the connection is ready; completes when the frame is written to the
   * socket. Fails with {@code PAYLOAD_TOO_LARGE} over 4096 bytes, before anything is queued, and
   * with {@code CONNECTION} when the connection it was queued on ends or the client is closed (also
   * by a fatal close code) before it is written.
   */
  public Mono<Void> send(GatewayCommand command) {
    return Mono.fromCallable(() -> GatewayCodec.encode(command))
        .flatMap(frame -> loop.readyRun().flatMap(run -> run.sendUser(frame)));
  }

  /** Lifecycle states; a new subscriber first gets the current state. */
  public Flux<GatewayState> state() {
    return loop.states();
  }

  /** The current session, if there is one. */
  public Optional<Session> session() {
    return loop.session();
  }

  /** The last heartbeat round trip, once one was measured. */
  public Optional<Duration> latency() {
    return loop.latency();
  }

  /** The shard this client runs. */
  public ShardInfo shard() {
    return options.shard();
  }

  Options options() {
    return options;
  }

  IdentifyLimiter identifyLimiter() {
    return loop.identifyLimiter();
  }

  @Override
  public String toString() {
    return "GatewayClient[shard=" + options.shard() + "]";
  }

  /**
   * Immutable configuration of a client; {@link GatewayClientBuilder} lists the defaults. Its
   * {@code toString} redacts the token.
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
      Duration resumeTimeout,
      int maxMessageBytes,
      int maxFrameBytes,
      int eventBuffer,
      OverflowPolicy overflow,
      SessionStore sessionStore,
      UpdatePresence presence,
      Integer largeThreshold,
      GatewayObserver observer) {

    /** The Identify this configuration sends. */
    Identify identify() {
      return new Identify(
          token, intents, IdentifyProperties.sluice(), shard, largeThreshold, presence, null);
    }
  }

  /**
   * Builds a {@link GatewayClient}; each option's method says its default and what it refuses
   * ({@link IllegalArgumentException}, where it is set). Defaults: no intents; shard {@code [0,
   * 1]}; {@code zlib-stream}; gateway {@code wss://gateway.discord.gg}; {@code
   * Schedulers.parallel()}; {@link ReconnectSpec#defaults()}; handshake timeout 10 s, Hello timeout
   * 10 s, READY timeout 60 s, a Resume abandoned after 20 s without progress; messages and frames
   * up to 16 MiB; 4096 buffered events per subscriber with {@link OverflowPolicy#ERROR}; an
   * in-memory {@link SessionStore}; a local {@link IdentifyLimiter} (one Identify per 5.25 s); no
   * initial presence; Discord's large threshold. All options: docs/configuration.md.
   *
   * <p>Not thread-safe; {@link #build()} copies the options, so changing the builder afterwards
   * does not change a client already built.
   */
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
