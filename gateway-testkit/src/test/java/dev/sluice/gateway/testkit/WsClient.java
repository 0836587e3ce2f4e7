package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** A bare WebSocket client for testing the fake server itself; blocking helpers with timeouts. */
final class WsClient implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final BlockingQueue<GatewayPayload> inbound = new LinkedBlockingQueue<>();
  final BlockingQueue<Integer> rawFrameSizes = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  final CompletableFuture<Void> connected = new CompletableFuture<>();
  private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private final TransportDecompressor decompressor;
  private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
  private final Disposable connection;
  volatile Throwable inboundError;
  private volatile reactor.netty.http.websocket.WebsocketOutbound out;

  private WsClient(String url, Compression compression) {
    this.decompressor = TransportDecompressor.create(compression, 1 << 24);
    String full =
        url
            + "/?v=10&encoding=json"
            + (compression.queryValue() == null ? "" : "&compress=" + compression.queryValue());
    this.connection =
        HttpClient.create()
            .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(1 << 24).build())
            .uri(full)
            .handle(
                (in, out) -> {
                  this.out = out;
                  connected.complete(null);
                  in.receiveCloseStatus().subscribe(s -> closeCode.complete(s.code()));
                  Mono<Void> receive =
                      in.receiveFrames()
                          .doOnNext(this::onFrame)
                          .then()
                          .doFinally(s -> closeCode.complete(-1));
                  return Mono.when(receive, out.sendObject(outbound.asFlux()).then());
                })
            .subscribe(null, e -> closeCode.complete(-2));
  }

  static WsClient connect(String url) {
    return connect(url, Compression.NONE);
  }

  static WsClient connect(String url, boolean compressed) {
    return connect(url, compressed ? Compression.ZLIB_STREAM : Compression.NONE);
  }

  static WsClient connect(String url, Compression compression) {
    WsClient client = new WsClient(url, compression);
    client.connected.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    return client;
  }

  private void onFrame(WebSocketFrame frame) {
    boolean first = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
    if (!first && !(frame instanceof ContinuationWebSocketFrame)) {
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(frame.content());
    rawFrameSizes.add(bytes.length);
    if (first) {
      fragments.reset();
    }
    fragments.writeBytes(bytes);
    if (!frame.isFinalFragment()) {
      return; // a fragmented WebSocket message: decoded once whole
    }
    try {
      byte[] message = decompressor.decompress(fragments.toByteArray());
      if (message != null) {
        inbound.add(GatewayCodec.decode(message));
      }
    } catch (RuntimeException e) {
      inboundError = e;
    }
  }

  void send(String json) {
    outbound.tryEmitNext(new TextWebSocketFrame(json));
  }

  void sendBytes(byte[] bytes) {
    outbound.tryEmitNext(new TextWebSocketFrame(new String(bytes, StandardCharsets.UTF_8)));
  }

  void closeWith(int code) {
    out.sendClose(code, "bye").subscribe();
  }

  void identify(String token) {
    identify(token, 513, null);
  }

  void identify(String token, long intents, int[] shard) {
    send(
        "{\"op\":2,\"d\":{\"token\":\""
            + token
            + "\",\"intents\":"
            + intents
            + ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}"
            + (shard == null ? "" : ",\"shard\":[" + shard[0] + "," + shard[1] + "]")
            + "}}");
  }

  void resume(String token, String sessionId, long seq) {
    send(
        "{\"op\":6,\"d\":{\"token\":\""
            + token
            + "\",\"session_id\":\""
            + sessionId
            + "\",\"seq\":"
            + seq
            + "}}");
  }

  GatewayPayload next() {
    try {
      GatewayPayload p = inbound.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (p == null) {
        throw new AssertionError("no payload within " + TIMEOUT);
      }
      return p;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  GatewayPayload awaitOp(int op) {
    while (true) {
      GatewayPayload p = next();
      if (p.op() == op) {
        return p;
      }
    }
  }

  GatewayPayload awaitDispatch(String type) {
    while (true) {
      GatewayPayload p = awaitOp(0);
      if (type.equals(p.type())) {
        return p;
      }
    }
  }

  GatewayPayload poll(Duration wait) throws InterruptedException {
    return inbound.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  int awaitClose() {
    return closeCode.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
    decompressor.close();
  }
}
