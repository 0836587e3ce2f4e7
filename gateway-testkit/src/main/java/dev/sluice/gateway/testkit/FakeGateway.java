package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.codec.GatewayPayload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A real Discord gateway on 127.0.0.1: WebSocket (main and resume URLs) and the REST endpoints a
 * bot needs, served from one port. It speaks the protocol as Discord does (Hello, Identify and
 * Resume checks, READY, sequence numbers, ACKs, replay on Resume, identify concurrency, the session
 * budget, {@code zlib-stream}) and can be told to misbehave in every way Discord can.
 *
 * <pre>{@code
 * try (FakeGateway gateway = FakeGateway.builder().token("MTAw.x.y").start()) {
 *   // point a client at gateway.url() / gateway.apiUrl()
 *   gateway.transcript().awaitReceived(Opcode.IDENTIFY, 1, Duration.ofSeconds(5));
 *   gateway.reconnect();
 * }
 * }</pre>
 *
 * <p>Thread-safe: faults and dispatches may be scripted from any thread while clients are
 * connected.
 */
public final class FakeGateway implements AutoCloseable {

  private final Builder config;
  private final Transcript transcript = new Transcript();
  private final GatewayProtocol protocol;
  private final DisposableServer server;
  private final FakeRest rest;
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final Map<Integer, FakeConnection> connections = new LinkedHashMap<>();
  private volatile boolean withholdHello;

  private FakeGateway(Builder config) {
    this.config = config;
    this.protocol = new GatewayProtocol(this, config);
    this.rest = new FakeRest(config.rest, protocol.bot());
    RestRoutes restRoutes = new RestRoutes(this, protocol, rest, config.rest.idleTimeout());
    RestApi restApi = new RestApi(this, protocol);
    ControlApi control = new ControlApi(this);
    this.server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(config.port)
            .route(
                routes -> {
                  routes
                      .get("/", this::upgrade)
                      .get("/resume", this::upgrade)
                      .get("/resume/", this::upgrade);
                  restRoutes.register(routes);
                  restApi.register(routes);
                  control.register(routes);
                })
            .bindNow(Duration.ofSeconds(10));
  }

  /** A builder with Discord's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A gateway with the defaults, accepting any non-empty token. */
  public static FakeGateway start() {
    return builder().start();
  }

  private Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
    String uri = request.uri();
    boolean compressed = uri.contains("compress=zlib-stream");
    FakeConnection connection =
        new FakeConnection(
            connectionIds.incrementAndGet(),
            uri,
            compressed,
            this,
            config.splitFrames,
            config.fragments);
    return response.sendWebsocket(
        connection::handle,
        WebsocketServerSpec.builder()
            .maxFramePayloadLength(FakeConnection.MAX_INBOUND_FRAME)
            .build());
  }

  // ---- addresses -------------------------------------------------------------------------------

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The main gateway URL (what {@code GET /gateway/bot} returns), without query. */
  public String url() {
    return "ws://127.0.0.1:" + port();
  }

  /**
   * The URL READY hands out as {@code resume_gateway_url}; it differs from {@link #url()} by path.
   */
  public String resumeUrl() {
    return url() + "/resume";
  }

  /** The REST base, like {@code https://discord.com/api/v10}. */
  public String apiUrl() {
    return "http://127.0.0.1:" + port() + "/api/v10";
  }

  /** The token this gateway accepts, or null when it accepts any non-empty token. */
  public String token() {
    return config.token;
  }

  /** Everything that crossed the gateway. */
  public Transcript transcript() {
    return transcript;
  }

  /** The REST side: scripted 429s and faults, and every request it saw. */
  public FakeRest rest() {
    return rest;
  }

  // ---- scripted faults -------------------------------------------------------------------------

  /** Stops answering heartbeats (a zombie connection, seen from the client). */
  public void stopAcks() {
    protocol.acks(GatewayProtocol.AckMode.STOPPED, Duration.ZERO);
  }

  /** Answers heartbeats again, at once. */
  public void resumeAcks() {
    protocol.acks(GatewayProtocol.AckMode.NORMAL, Duration.ZERO);
  }

  /** Answers heartbeats after {@code delay}. */
  public void delayAcks(Duration delay) {
    protocol.acks(GatewayProtocol.AckMode.DELAYED, delay);
  }

  /** Sends op 1 (heartbeat request) on every connection. */
  public void requestHeartbeat() {
    eachConnection(c -> c.send(ServerPayloads.control(1, null)));
  }

  /** Sends op 7 (reconnect) on every connection. */
  public void reconnect() {
    eachConnection(c -> c.send(ServerPayloads.control(7, null)));
  }

  /** Sends op 9 on every connection; {@code false} also invalidates the sessions. */
  public void invalidSession(boolean resumable) {
    protocol.invalidSession(resumable);
  }

  /** Closes every connection with {@code code}; session-ending codes invalidate the sessions. */
  public void close(int code, String reason) {
    protocol.closeAll(code, reason);
  }

  /** Drops every connection's TCP socket without a close frame. */
  public void dropConnections() {
    eachConnection(FakeConnection::drop);
  }

  /** Accepts new connections but never sends them Hello (while {@code withhold} is true). */
  public void withholdHello(boolean withhold) {
    this.withholdHello = withhold;
  }

  /** Sends a frame that is not JSON on every connection. */
  public void sendMalformedFrame() {
    eachConnection(c -> c.sendRaw("{\"op\":0,\"d\":{\"broken\"".getBytes()));
  }

  /** Sends a syntactically valid dispatch of about {@code bytes} bytes on every connection. */
  public void sendOversizedFrame(int bytes) {
    protocol.dispatch(
        "OVERSIZED_TEST", "{\"filler\":\"" + "x".repeat(Math.max(0, bytes)) + "\"}", -1);
  }

  /** On the next resumes, leaves out the first {@code count} events that should be replayed. */
  public void skipOnResume(int count) {
    protocol.skipOnResume(count);
  }

  // ---- events ----------------------------------------------------------------------------------

  /**
   * Dispatches an event to every live session, connected or waiting to resume (it is then
   * replayed).
   *
   * @return how many sessions got it
   */
  public int dispatch(String type, String data) {
    return protocol.dispatch(type, data, -1);
  }

  /** Dispatches an event to the sessions of one shard. */
  public int dispatchToShard(int shardId, String type, String data) {
    return protocol.dispatch(type, data, shardId);
  }

  // ---- what happened ---------------------------------------------------------------------------

  /** The messages bots posted through {@code POST /channels/{id}/messages}. */
  public List<PostedMessage> postedMessages() {
    return protocol.postedMessages();
  }

  /** Identify payloads accepted (sessions started). */
  public int sessionsStarted() {
    return protocol.sessionsStarted();
  }

  /** Identifies answered with op 9 because their concurrency bucket was busy. */
  public int concurrencyViolations() {
    return protocol.concurrencyViolations();
  }

  /** The session starts left in the budget. */
  public int remainingSessionStarts() {
    return protocol.remainingSessionStarts();
  }

  /** Connections open now. */
  public int openConnections() {
    synchronized (connections) {
      return connections.size();
    }
  }

  /** A message a bot posted over REST. */
  public record PostedMessage(String channelId, String content, String body, Instant at) {}

  // ---- called by connections -------------------------------------------------------------------

  void opened(FakeConnection connection) {
    synchronized (connections) {
      connections.put(connection.id, connection);
    }
    transcript.add(
        new Frame(
            now(),
            connection.id,
            Frame.Kind.OPENED,
            Frame.Direction.CLIENT_TO_SERVER,
            connection.path,
            -1,
            -1,
            null));
    if (!withholdHello) {
      send(connection, ServerPayloads.hello(config.heartbeatInterval.toMillis()));
    }
  }

  void closed(FakeConnection connection) {
    synchronized (connections) {
      connections.remove(connection.id);
    }
    protocol.detached(connection);
  }

  void received(FakeConnection connection, String json, GatewayPayload payload) {
    transcript.add(
        new Frame(
            now(),
            connection.id,
            Frame.Kind.PAYLOAD,
            Frame.Direction.CLIENT_TO_SERVER,
            json,
            payload.op(),
            -1,
            null));
    protocol.received(connection, payload);
  }

  void send(FakeConnection connection, String json) {
    transcript.add(
        new Frame(
            now(),
            connection.id,
            Frame.Kind.PAYLOAD,
            Frame.Direction.SERVER_TO_CLIENT,
            json,
            opOf(json),
            -1,
            null));
    connection.send(json);
  }

  void transcriptRaw(FakeConnection connection, boolean fromClient, String note) {
    transcript.add(
        new Frame(
            now(),
            connection.id,
            Frame.Kind.RAW,
            fromClient ? Frame.Direction.CLIENT_TO_SERVER : Frame.Direction.SERVER_TO_CLIENT,
            "",
            -1,
            -1,
            note));
  }

  void transcriptClose(FakeConnection connection, int code, String reason, boolean byClient) {
    transcript.add(
        new Frame(
            now(),
            connection.id,
            Frame.Kind.CLOSED,
            byClient ? Frame.Direction.CLIENT_TO_SERVER : Frame.Direction.SERVER_TO_CLIENT,
            "",
            -1,
            code,
            reason));
    if (byClient && (code == 1000 || code == 1001)) {
      protocol.clientEndedSession(connection);
    }
  }

  void eachConnection(java.util.function.Consumer<FakeConnection> action) {
    List<FakeConnection> live;
    synchronized (connections) {
      live = new ArrayList<>(connections.values());
    }
    live.forEach(action);
  }

  int sendLimit() {
    return config.sendLimit;
  }

  Duration sendWindow() {
    return config.sendWindow;
  }

  Instant now() {
    return config.clock.instant();
  }

  private static int opOf(String json) {
    int at = json.indexOf("\"op\":");
    int end = at + 5;
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return Integer.parseInt(json.substring(at + 5, end));
  }

  /** Stops the server and closes every connection. */
  @Override
  public void close() {
    eachConnection(FakeConnection::drop);
    server.disposeNow(Duration.ofSeconds(5));
  }

  /**
   * Configuration of a {@link FakeGateway}. Defaults: port 0 (any free port), any non-empty token,
   * heartbeat interval 41.25 s, one recommended shard, {@code max_concurrency} 1, a budget of 1000
   * session starts per 24 h, all intents allowed, one guild, one frame per message, 120 payloads
   * per 60 s.
   */
  public static final class Builder {
    int port;
    String token;
    Duration heartbeatInterval = Duration.ofMillis(41_250);
    int shards = 1;
    int maxConcurrency = 1;
    int sessionTotal = 1000;
    int sessionRemaining = 1000;
    Duration sessionResetAfter = Duration.ofHours(24);
    Intents disallowedIntents = Intents.none();
    List<String> guildIds = List.of(Events.DEFAULT_GUILD);
    int splitFrames = 1;
    int fragments = 1;
    int sendLimit = 120;
    Duration sendWindow = Duration.ofSeconds(60);
    Duration identifyWindow = Duration.ofSeconds(5);
    Clock clock = Clock.systemUTC();
    FakeRestOptions rest = FakeRestOptions.DEFAULTS;

    private Builder() {}

    // ---- REST (see FakeRest) ----

    /**
     * Enforces a rate-limit bucket per route and major parameter: {@code limit} requests per fixed
     * {@code window}, announced in {@code X-RateLimit-*} headers (default: none, no headers).
     */
    public Builder restRateLimit(int limit, Duration window) {
      this.rest = rest.withBuckets(positive(limit, "rest limit"), window);
      return this;
    }

    /** Enforces a global limit of {@code perSecond} REST requests (default: none). */
    public Builder restGlobalLimit(int perSecond) {
      this.rest = rest.withGlobal(positive(perSecond, "rest global limit"));
      return this;
    }

    /** Closes a REST keep-alive connection idle for longer than this (default: never). */
    public Builder restIdleTimeout(Duration value) {
      this.rest = rest.withIdleTimeout(value);
      return this;
    }

    /** The port to bind on 127.0.0.1; 0 picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be in [0, 65535]");
      }
      this.port = value;
      return this;
    }

    /** The only token accepted (Identify, Resume, REST); others get 4004 or HTTP 401. */
    public Builder token(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("token must not be blank");
      }
      this.token = value;
      return this;
    }

    /** The heartbeat interval Hello announces. */
    public Builder heartbeatInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("heartbeat interval must be positive");
      }
      this.heartbeatInterval = value;
      return this;
    }

    /** The recommended shard count of {@code GET /gateway/bot}. */
    public Builder shards(int value) {
      this.shards = positive(value, "shards");
      return this;
    }

    /** {@code max_concurrency}: Identify buckets, one Identify per bucket per 5 s. */
    public Builder maxConcurrency(int value) {
      this.maxConcurrency = positive(value, "max_concurrency");
      return this;
    }

    /** The session-start budget. */
    public Builder sessionStartLimit(int total, int remaining, Duration resetAfter) {
      if (total < 0 || remaining < 0 || remaining > total) {
        throw new IllegalArgumentException("need 0 <= remaining <= total");
      }
      this.sessionTotal = total;
      this.sessionRemaining = remaining;
      this.sessionResetAfter = resetAfter;
      return this;
    }

    /** Intents this bot may not use (as if not enabled in the portal): Identify gets 4014. */
    public Builder disallow(Intent... intents) {
      this.disallowedIntents = Intents.of(intents);
      return this;
    }

    /** The guilds READY lists (each shard gets those routed to it) and GUILD_CREATE follows for. */
    public Builder guilds(String... ids) {
      this.guildIds = List.of(ids);
      return this;
    }

    /**
     * Sends every WebSocket message in this many frames (a text or binary frame that is not final,
     * then continuation frames), as a server may; plain and zlib-stream alike.
     */
    public Builder fragmentFrames(int parts) {
      this.fragments = positive(parts, "fragments");
      return this;
    }

    /** With zlib-stream, splits every message over this many WebSocket messages. */
    public Builder splitFrames(int parts) {
      this.splitFrames = positive(parts, "split frames");
      return this;
    }

    /**
     * The inbound limit per connection (Discord: 120 per 60 s); over it the fake closes with 4008.
     */
    public Builder sendLimit(int limit, Duration window) {
      this.sendLimit = positive(limit, "send limit");
      this.sendWindow = window;
      return this;
    }

    /** The identify window per concurrency bucket (Discord: 5 s). */
    public Builder identifyWindow(Duration value) {
      this.identifyWindow = value;
      return this;
    }

    /** Starts the server. */
    public FakeGateway start() {
      return new FakeGateway(this);
    }

    private static int positive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be at least 1");
      }
      return value;
    }
  }
}
