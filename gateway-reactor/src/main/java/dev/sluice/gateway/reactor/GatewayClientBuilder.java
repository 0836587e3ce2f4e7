package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.internal.compression.ZstdSupport;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The options of {@link GatewayClient.Builder}, validated where they are set. Defaults: no intents;
 * shard {@code [0, 1]}; {@code zlib-stream}; gateway {@code wss://gateway.discord.gg}; {@link
 * Schedulers#parallel()}; {@link ReconnectSpec#defaults()}; handshake timeout 10 s, Hello timeout
 * 10 s, READY timeout 60 s, a Resume abandoned after 20 s without progress; messages up to 16 MiB
 * and frames up to 16 MiB; 4096 buffered events per subscriber with {@link OverflowPolicy#ERROR};
 * an in-memory {@link SessionStore}; a local {@link IdentifyLimiter} (one Identify per 5.25 s); no
 * initial presence; Discord's large threshold; no {@link GatewayObserver}.
 */
abstract class GatewayClientBuilder<B extends GatewayClientBuilder<B>> {

  private final BotToken token;
  private Intents intents = Intents.none();
  private ShardInfo shard = ShardInfo.SINGLE;
  private Compression compression = Compression.ZLIB_STREAM;
  private String gatewayUrl = "wss://gateway.discord.gg";
  private Scheduler scheduler = Schedulers.parallel();
  private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
  private ReconnectSpec reconnect = ReconnectSpec.defaults();
  private Duration handshakeTimeout = Duration.ofSeconds(10);
  private Duration helloTimeout = Duration.ofSeconds(10);
  private Duration readyTimeout = Duration.ofSeconds(60);
  private Duration resumeTimeout = Duration.ofSeconds(20);
  private int maxMessageBytes = 16 * 1024 * 1024;
  private int maxFrameBytes = 16 * 1024 * 1024;
  private int eventBuffer = 4096;
  private OverflowPolicy overflow = OverflowPolicy.ERROR;
  private SessionStore sessionStore = SessionStore.inMemory();
  private UpdatePresence presence;
  private Integer largeThreshold;
  private GatewayObserver observer = GatewayObserver.none();
  // WebSockets are long-lived: never take them from a pool (whose default size would cap the
  // shards).
  HttpClient httpClient = HttpClient.newConnection();
  Transport transport;
  IdentifyLimiter identifyLimiter;

  GatewayClientBuilder(BotToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** The gateway intents. Default: none ({@link Intents#none()}). */
  public B intents(Intents value) {
    this.intents = Objects.requireNonNull(value, "intents");
    return self();
  }

  /** The shard this client runs. Default: {@code [0, 1]} ({@link ShardInfo#SINGLE}). */
  public B shard(ShardInfo value) {
    this.shard = Objects.requireNonNull(value, "shard");
    return self();
  }

  /**
   * Transport compression. Default: {@link Compression#ZLIB_STREAM}.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind CONFIGURATION for {@code zstd-stream}
   *     when zstd-jni is not on the class path
   */
  public B compression(Compression value) {
    this.compression = Objects.requireNonNull(value, "compression");
    if (value == Compression.ZSTD_STREAM) {
      ZstdSupport.requireAvailable(); // here, not on an event loop at the first connection
    }
    return self();
  }

  /**
   * The gateway URL for Identify (from {@code GET /gateway/bot}); Resume uses the session's URL.
   * Default: {@code wss://gateway.discord.gg}.
   *
   * @throws IllegalArgumentException unless it is a ws:// or wss:// URL
   */
  public B gatewayUrl(String value) {
    URI uri = URI.create(Objects.requireNonNull(value, "gateway url"));
    if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme())) {
      throw new IllegalArgumentException("gateway url must be ws:// or wss://, was " + value);
    }
    this.gatewayUrl = value;
    return self();
  }

  /**
   * The scheduler of every timer (heartbeat, backoff, timeouts); a virtual one in tests. Default:
   * {@link Schedulers#parallel()}.
   */
  public B scheduler(Scheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return self();
  }

  /**
   * The random source of jitter (first heartbeat, backoff, invalid-session wait): values in [0, 1).
   * Default: {@link ThreadLocalRandom}.
   */
  public B jitter(DoubleSupplier value) {
    this.jitter = Objects.requireNonNull(value, "jitter");
    return self();
  }

  /** How to wait between connections. Default: {@link ReconnectSpec#defaults()}. */
  public B reconnect(ReconnectSpec value) {
    this.reconnect = Objects.requireNonNull(value, "reconnect");
    return self();
  }

  /**
   * Timeouts of the WebSocket handshake, of Hello after it, and of READY/RESUMED after
   * Identify/Resume. Defaults: 10 s, 10 s, 60 s.
   *
   * @throws IllegalArgumentException unless each is positive
   */
  public B timeouts(Duration handshake, Duration hello, Duration ready) {
    this.handshakeTimeout = positive(handshake, "handshake timeout");
    this.helloTimeout = positive(hello, "hello timeout");
    this.readyTimeout = positive(ready, "ready timeout");
    return self();
  }

  /**
   * How long a Resume may go without progress (neither a replayed dispatch nor RESUMED) before the
   * connection is given up and the Resume retried; a session whose Resume fails this way three
   * times in a row is replaced by a new one. Default 20 s.
   */
  public B resumeTimeout(Duration value) {
    this.resumeTimeout = positive(value, "resume timeout");
    return self();
  }

  /**
   * The largest inbound message (after decompression) and WebSocket frame accepted. Defaults: 16
   * MiB each.
   *
   * @throws IllegalArgumentException when either is under 4096 bytes
   */
  public B maxSizes(int messageBytes, int frameBytes) {
    if (messageBytes < 4096 || frameBytes < 4096) {
      throw new IllegalArgumentException("message and frame limits must be at least 4096 bytes");
    }
    this.maxMessageBytes = messageBytes;
    this.maxFrameBytes = frameBytes;
    return self();
  }

  /**
   * Events buffered per subscriber, and what happens when a subscriber's buffer is full. Default:
   * 4096 events, {@link OverflowPolicy#ERROR}.
   */
  public B eventBuffer(int size, OverflowPolicy policy) {
    if (size < 1) {
      throw new IllegalArgumentException("event buffer must hold at least 1 event");
    }
    this.eventBuffer = size;
    this.overflow = Objects.requireNonNull(policy, "overflow policy");
    return self();
  }

  /**
   * Where sessions are kept between connections and processes. Default: {@link
   * SessionStore#inMemory()} (lost with the process).
   */
  public B sessionStore(SessionStore value) {
    this.sessionStore = Objects.requireNonNull(value, "session store");
    return self();
  }

  /**
   * The limiter every Identify waits for; shared by all shards of a bot. Default: a local one, one
   * Identify per 5.25 s ({@link ShardGroup} sets its own, shared by its shards).
   */
  public B identifyLimiter(IdentifyLimiter value) {
    this.identifyLimiter = Objects.requireNonNull(value, "identify limiter");
    return self();
  }

  /** The presence sent with Identify. Default: none (null; Discord shows the bot online). */
  public B presence(UpdatePresence value) {
    this.presence = value;
    return self();
  }

  /** Identify's large_threshold, 50–250. Default: unset (Discord's 50). */
  public B largeThreshold(int value) {
    if (value < 50 || value > 250) {
      throw new IllegalArgumentException("large threshold must be in [50, 250]");
    }
    this.largeThreshold = value;
    return self();
  }

  /**
   * Watches the client for metrics and health (default {@link GatewayObserver#none()}); its {@link
   * GatewayObserver#forShard} is called once, when the client is built.
   */
  public B observer(GatewayObserver value) {
    this.observer = Objects.requireNonNull(value, "observer");
    return self();
  }

  /**
   * Customises the Reactor Netty HttpClient of the WebSocket (proxy, resources, TLS trust for
   * tests). Default: {@code HttpClient.newConnection()} (WebSockets never come from a pool).
   */
  public B httpClient(UnaryOperator<HttpClient> customizer) {
    this.httpClient = Objects.requireNonNull(customizer.apply(httpClient), "http client");
    return self();
  }

  /**
   * Replaces the WebSocket transport (tests drive the client in virtual time with an in-memory
   * one).
   */
  B transport(Transport value) {
    this.transport = value;
    return self();
  }

  GatewayClient.Options options() {
    return new GatewayClient.Options(
        token,
        intents,
        shard,
        compression,
        gatewayUrl,
        scheduler,
        jitter,
        reconnect,
        handshakeTimeout,
        helloTimeout,
        readyTimeout,
        resumeTimeout,
        maxMessageBytes,
        maxFrameBytes,
        eventBuffer,
        overflow,
        sessionStore,
        presence,
        largeThreshold,
        Objects.requireNonNull(observer.forShard(shard), "observer for shard"));
  }

  private static Duration positive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return value;
  }
}
