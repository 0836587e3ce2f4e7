package dev.sluice.benchmarks.e2e;

import com.github.luben.zstd.ZstdCompressCtx;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The loopback gateway the end-to-end benchmark talks to: just enough of Discord's REST API for
 * each client to find the gateway ({@code /gateway}, {@code /gateway/bot}, {@code /users/@me}) and
 * a WebSocket endpoint. With a {@link Script} it streams the prepared messages as fast as the
 * client reads them once the client identifies; without one it plays an idle gateway (Hello, READY
 * for every Identify, an ACK for every heartbeat) for the idle-cost measurement.
 */
public final class BenchServer implements AutoCloseable {

  /** A token the clients accept: Discord4J reads the bot id from its first segment. */
  public static final String TOKEN =
      Base64.getEncoder()
              .withoutPadding()
              .encodeToString(Long.toString(Corpus.BOT_ID).getBytes(StandardCharsets.US_ASCII))
          + ".benchmark.token";

  private static final int MAX_FRAME = 64 * 1024 * 1024;

  /** Where a client's probe asks for the measured phase (relative to the server's root). */
  static final String GO_PATH = "/bench/go";

  private final Script script;
  private final int shards;
  private final List<String> burst;
  private final DisposableServer server;
  private final AtomicInteger sessions = new AtomicInteger();
  // The measured phase of the session streaming now waits for this (POST /bench/go).
  private volatile Sinks.Empty<Void> go = Sinks.empty();

  private BenchServer(Script script, int shards, List<String> burst) {
    this.script = script;
    this.shards = shards;
    this.burst = burst;
    this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
  }

  /** Streams {@code script} to every connection that identifies. */
  public static BenchServer streaming(Script script) {
    return new BenchServer(script, 1, List.of());
  }

  /** An idle gateway recommending {@code shards} shards, all in one identify bucket. */
  public static BenchServer idle(int shards) {
    return idle(shards, 0);
  }

  /**
   * An idle gateway that, after READY, sends each session about {@code burstBytes} of corpus
   * dispatches (the same for every session) and then a {@code BURST_END} dispatch: enough traffic
   * to fill a decoder's window, so the footprint read after it is a busy shard's, not a fresh
   * one's.
   */
  public static BenchServer idle(int shards, int burstBytes) {
    List<String> burst = new ArrayList<>();
    Corpus corpus = new Corpus(7);
    long bytes = 0;
    long sequence = 1;
    while (bytes < burstBytes) {
      for (Corpus.Dispatch d : corpus.events(1000, 0, Corpus.GUILDS)) {
        String json =
            "{\"t\":\"" + d.type() + "\",\"s\":" + ++sequence + ",\"op\":0,\"d\":" + d.body() + "}";
        burst.add(json);
        bytes += json.length();
        if (bytes >= burstBytes) {
          break;
        }
      }
    }
    if (burstBytes > 0) {
      burst.add("{\"t\":\"BURST_END\",\"s\":" + ++sequence + ",\"op\":0,\"d\":{}}");
    }
    return new BenchServer(null, shards, List.copyOf(burst));
  }

  public String gatewayUrl() {
    return "ws://127.0.0.1:" + server.port() + "/ws";
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.port() + "/api/v10";
  }

  static String botUser() {
    return "{\"verified\":true,\"username\":\"bench\",\"mfa_enabled\":false,\"id\":\""
        + Corpus.BOT_ID
        + "\",\"global_name\":null,\"flags\":0,\"email\":null,\"discriminator\":\"0000\","
        + "\"clan\":null,\"primary_guild\":null,\"bot\":true,\"avatar\":null,\"public_flags\":0}";
  }

  private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    String path = req.fullPath();
    if (path.startsWith("/ws")) {
      Wire wire = Wire.fromUri(req.uri());
      return res.sendWebsocket(
          (in, out) -> script != null ? stream(in, out, wire) : idleSession(in, out, wire),
          WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build());
    }
    if (path.equals(GO_PATH)) {
      go.tryEmitEmpty(); // the client's compiler is quiet: stream the measured phase
      return res.status(HttpResponseStatus.NO_CONTENT).send();
    }
    String body =
        switch (path) {
          case "/api/v10/gateway" -> "{\"url\":\"" + gatewayUrl() + "\"}";
          case "/api/v10/gateway/bot" ->
              "{\"url\":\""
                  + gatewayUrl()
                  + "\",\"shards\":"
                  + shards
                  + ",\"session_start_limit\":{\"total\":100000,\"remaining\":100000,"
                  + "\"reset_after\":86400000,\"max_concurrency\":"
                  + shards
                  + "}}";
          case "/api/v10/users/@me" -> botUser();
          case "/api/v10/applications/@me", "/api/v10/oauth2/applications/@me" ->
              "{\"id\":\""
                  + Corpus.BOT_ID
                  + "\",\"name\":\"bench\",\"icon\":null,\"description\":\"\",\"bot_public\":true,"
                  + "\"bot_require_code_grant\":false,\"flags\":565248,\"owner\":"
                  + botUser()
                  + "}";
          default -> null;
        };
    if (body == null) {
      System.err.println("bench server: no route for " + req.method() + " " + req.uri());
      return res.status(HttpResponseStatus.NOT_FOUND)
          .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
          .sendString(Mono.just("{\"message\":\"404: Not Found\",\"code\":0}"));
    }
    return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just(body));
  }

  // ---- streaming -------------------------------------------------------------------------------

  private Publisher<Void> stream(WebsocketInbound in, WebsocketOutbound out, Wire wire) {
    AtomicBoolean acked = new AtomicBoolean();
    AtomicBoolean started = new AtomicBoolean();
    Mono<Void> inbound =
        in.aggregateFrames(MAX_FRAME)
            .receive()
            .asString()
            .doOnNext(
                text -> {
                  if (Boolean.getBoolean("bench.trace")) {
                    System.err.println("bench server received: " + text.replace(TOKEN, "<token>"));
                  }
                  // Message 1 of the script is an ACK: the answer to a heartbeat sent before
                  // Identify (Discord4J waits for it), else simply the first message after Hello.
                  int from = acked.compareAndSet(false, true) ? 1 : 2;
                  if (isIdentify(text) && started.compareAndSet(false, true)) {
                    sessions.incrementAndGet();
                    // The warm-up, then (once the client says its compiler is quiet) the rest.
                    int warmEnd = script.atWarmupEnd().frames;
                    Sinks.Empty<Void> measured = Sinks.empty();
                    go = measured;
                    send(out, from, warmEnd, wire);
                    measured
                        .asMono()
                        .subscribe(null, null, () -> send(out, warmEnd, script.size(), wire));
                  } else if (from == 1) {
                    send(out, 1, 2, wire);
                  }
                })
            .then();
    return Mono.when(out.sendObject(Mono.just(frame(0, wire))).then(), inbound);
  }

  private void send(WebsocketOutbound out, int from, int to, Wire wire) {
    out.sendObject(Flux.range(from, to - from).map(i -> frame(i, wire)))
        .then()
        .subscribe(null, e -> {});
  }

  private WebSocketFrame frame(int i, Wire wire) {
    return wire == Wire.PLAIN
        ? new TextWebSocketFrame(Unpooled.wrappedBuffer(script.plain(i)))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(script.bytes(wire, i)));
  }

  private static boolean isIdentify(String text) {
    return hasOp(text.replace(" ", ""), 2);
  }

  /** Whether a compact (space-free) client payload carries this opcode. */
  private static boolean hasOp(String compact, int op) {
    return compact.contains("\"op\":" + op + ",") || compact.endsWith("\"op\":" + op + "}");
  }

  // ---- idle ------------------------------------------------------------------------------------

  private Publisher<Void> idleSession(WebsocketInbound in, WebsocketOutbound out, Wire wire) {
    Encoder encoder = new Encoder(wire);
    Mono<Void> inbound =
        in.aggregateFrames(MAX_FRAME)
            .receive()
            .asString()
            .concatMap(
                text -> {
                  String compact = text.replace(" ", "");
                  if (hasOp(compact, 2)) {
                    int session = sessions.incrementAndGet();
                    String d =
                        Script.ready(gatewayUrl())
                            .replace("0123456789abcdef0123456789abcdef", "session" + session)
                            .replace("\"shard\":[0,1]", "\"shard\":" + shardOf(compact))
                            .replaceFirst("\"guilds\":\\[[^]]*]", "\"guilds\":[]");
                    return out.sendObject(
                            encoder.frame("{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":" + d + "}"))
                        .then()
                        .then(
                            out.sendObject(Flux.fromIterable(burst).concatMap(encoder::frame))
                                .then());
                  }
                  if (hasOp(compact, 1)) {
                    return out.sendObject(
                            encoder.frame("{\"t\":null,\"s\":null,\"op\":11,\"d\":null}"))
                        .then();
                  }
                  return Mono.empty();
                })
            .then();
    Mono<Void> hello =
        out.sendObject(
                encoder.frame(
                    "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":"
                        + Script.HEARTBEAT_INTERVAL_MS
                        + "}}"))
            .then();
    return Mono.when(hello, inbound).doFinally(signal -> encoder.end());
  }

  private static String shardOf(String identify) {
    int at = identify.indexOf("\"shard\":[");
    if (at < 0) {
      return "[0,1]";
    }
    return identify.substring(at + 8, identify.indexOf(']', at) + 1);
  }

  /** One connection's zlib or zstd context (or plain text), used from its event loop only. */
  private static final class Encoder {
    private final Deflater deflater;
    private final ZstdCompressCtx zstd;
    private final byte[] chunk = new byte[16 * 1024];

    Encoder(Wire wire) {
      this.deflater = wire == Wire.ZLIB ? new Deflater() : null;
      this.zstd = wire == Wire.ZSTD ? new ZstdCompressCtx().setLevel(3) : null;
    }

    synchronized Mono<WebSocketFrame> frame(String json) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      if (deflater == null && zstd == null) {
        return Mono.just(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
      }
      byte[] compressed =
          zstd != null ? Script.zstdFlush(zstd, bytes) : Script.syncFlush(deflater, bytes, chunk);
      return Mono.just(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(compressed)));
    }

    synchronized void end() {
      if (deflater != null) {
        deflater.end();
      }
      if (zstd != null) {
        zstd.close();
      }
    }
  }

  /** How many connections have identified so far. */
  public int sessions() {
    return sessions.get();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
