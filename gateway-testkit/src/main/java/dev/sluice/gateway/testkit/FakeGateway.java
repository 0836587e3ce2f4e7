package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
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
 * <p>Lifecycle: {@link FakeGatewayBuilder#start()} binds the port and serves until {@link
 * #close()}. Thread-safe: faults and dispatches may be scripted from any thread while clients are
 * connected.
 */
public final class FakeGateway implements AutoCloseable {

  /** The top of the private-use close codes (RFC 6455 7.4.2); Discord's 4000s sit below it. */
  private static final int MAX_CLOSE_CODE = 4999;

  private final Connections wire;
  private final GatewayProtocol protocol;
  private final DisposableServer server;
  private final FakeRest rest;
  private final String token;

  FakeGateway(FakeGatewayBuilder config) {
    this.token = config.token;
    this.wire = new Connections(config);
    this.protocol = new GatewayProtocol(this, wire, config);
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
                      .get("/", (req, res) -> upgrade(req, res, config))
                      .get("/resume", (req, res) -> upgrade(req, res, config))
                      .get("/resume/", (req, res) -> upgrade(req, res, config));
                  restRoutes.register(routes);
                  restApi.register(routes);
                  control.register(routes);
                })
            .bindNow(Duration.ofSeconds(10));
  }

  /** A builder with Discord's defaults. */
  public static FakeGatewayBuilder builder() {
    return new FakeGatewayBuilder();
  }

  /** A gateway with the defaults, accepting any non-empty token. */
  public static FakeGateway start() {
    return builder().start();
  }

  private Publisher<Void> upgrade(
      HttpServerRequest request, HttpServerResponse response, FakeGatewayBuilder config) {
    String uri = request.uri();
    Compression compression = OutboundCompressor.fromUri(uri);
    if (compression == Compression.ZSTD_STREAM && OutboundCompressor.zstdProblem() != null) {
      return response
          .status(HttpResponseStatus.NOT_IMPLEMENTED)
          .sendString(Mono.just(OutboundCompressor.zstdProblem()));
    }
    FakeConnection connection = new FakeConnection(uri, compression, wire, protocol, config);
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
    return token;
  }

  /** Everything that crossed the gateway. */
  public Transcript transcript() {
    return wire.transcript();
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

  /** Sends op 1 ({@link Opcode#HEARTBEAT}, a heartbeat request) on every connection. */
  public void requestHeartbeat() {
    wire.each(c -> wire.send(c, ServerPayload.control(Opcode.HEARTBEAT, null)));
  }

  /** Sends op 7 ({@link Opcode#RECONNECT}) on every connection. */
  public void reconnect() {
    wire.each(c -> wire.send(c, ServerPayload.control(Opcode.RECONNECT, null)));
  }

  /** Sends op 9 on every connection; {@code false} also invalidates the sessions. */
  public void invalidSession(boolean resumable) {
    protocol.invalidSession(resumable);
  }

  /**
   * Closes every open connection with {@code code} and its description as the reason; the server
   * keeps running (see {@link #close()}). A code after which Discord would not resume ({@link
   * GatewayCloseCode#canResume()} false) also invalidates the sessions.
   *
   * @throws IllegalArgumentException for {@link GatewayCloseCode#UNKNOWN}, which has no wire value
   */
  public void close(GatewayCloseCode code) {
    if (code == GatewayCloseCode.UNKNOWN) {
      throw new IllegalArgumentException("UNKNOWN has no wire value; use close(int, String)");
    }
    close(code.code(), code.description());
  }

  /**
   * Closes every open connection with any valid WebSocket close code (e.g. 1000, or one Discord
   * does not document) and {@code reason}; the server keeps running. A code that {@link
   * GatewayCloseCode#of(int)} reads as not resumable also invalidates the sessions.
   *
   * @throws IllegalArgumentException when {@code code} may not be sent in a close frame (RFC 6455
   *     7.4)
   */
  public void close(int code, String reason) {
    // Netty's check also passes negative codes and anything over the private-use range.
    if (code < 0 || code > MAX_CLOSE_CODE || !WebSocketCloseStatus.isValidStatusCode(code)) {
      throw new IllegalArgumentException("not a close code a server may send: " + code);
    }
    protocol.closeAll(code, reason == null ? "" : reason);
  }

  /** Drops every connection's TCP socket without a close frame. */
  public void dropConnections() {
    wire.each(FakeConnection::drop);
  }

  /**
   * While {@code withhold} is true, new connections are accepted but get no Hello. Setting it back
   * to false sends Hello at once to every open connection still waiting for it (a late Hello), and
   * to new connections as usual.
   */
  public void withholdHello(boolean withhold) {
    wire.withholdHello(withhold);
  }

  /** Sends a frame that is not JSON on every connection (recorded as a {@link Frame.Raw}). */
  public void sendMalformedFrame() {
    wire.each(c -> wire.sendRaw(c, ServerPayloads.malformed()));
  }

  /** Sends a syntactically valid dispatch of about {@code bytes} bytes on every connection. */
  public void sendOversizedFrame(int bytes) {
    protocol.dispatch(
        "OVERSIZED_TEST",
        "{\"filler\":\"" + "x".repeat(Math.max(0, bytes)) + "\"}",
        OptionalInt.empty());
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
    return protocol.dispatch(type, data, OptionalInt.empty());
  }

  /** Dispatches an event to the sessions of one shard. */
  public int dispatchToShard(int shardId, String type, String data) {
    return protocol.dispatch(type, data, OptionalInt.of(shardId));
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
    return wire.count();
  }

  /** A message a bot posted over REST. */
  public record PostedMessage(String channelId, String content, String body, Instant at) {}

  Instant now() {
    return wire.now();
  }

  /**
   * Stops the server: drops every open connection's TCP socket without a close frame (clients see
   * an abnormal closure, as when a gateway goes away), then unbinds the port, waiting up to 5 s.
   * The transcript stays readable. Unlike {@link #close(GatewayCloseCode)}, this ends the fake.
   */
  @Override
  public void close() {
    wire.each(FakeConnection::drop);
    server.disposeNow(Duration.ofSeconds(5));
  }
}
