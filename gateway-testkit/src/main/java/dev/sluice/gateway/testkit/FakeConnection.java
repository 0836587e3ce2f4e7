package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.internal.limit.SendWindow;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket connection to the fake gateway. Inbound frames are checked (size, rate, JSON),
 * recorded through {@link Connections} and handed to the {@link GatewayProtocol}; outbound payloads
 * go through a private unicast sink, compressed on the connection's event loop with one compression
 * context (zlib-stream or zstd-stream) per connection.
 *
 * <p>{@link #send} and {@link #terminate} may be called from any thread; they serialize on this
 * object.
 */
final class FakeConnection {

  /** The largest inbound frame read at all; anything over 4096 bytes already gets 4002. */
  static final int MAX_INBOUND_FRAME = 1 << 20;

  private sealed interface Outgoing {}

  private record Payload(String json) implements Outgoing {}

  private record Raw(byte[] bytes) implements Outgoing {}

  /** How the outbound side ends: a close frame, a TCP drop, or (inbound gone) nothing more. */
  private sealed interface Terminal {}

  private record CloseFrame(int code, String reason) implements Terminal {}

  private enum Ending implements Terminal {
    DROP,
    INBOUND_ENDED
  }

  final int id;
  final String path;
  final Compression compression;
  private final Connections wire;
  private final GatewayProtocol protocol;
  private final int splitFrames;
  private final int fragments;
  private final Sinks.Many<Outgoing> outgoing = Sinks.many().unicast().onBackpressureBuffer();
  private final SendWindow inboundLimit;
  private final OutboundCompressor compressor;
  private final FakeGatewayBuilder config;
  private Terminal terminal;
  private boolean closeRecorded;
  private Channel channel;

  // Protocol state, guarded by the protocol's lock.
  FakeSession session;
  boolean identified;

  FakeConnection(
      String path,
      Compression compression,
      Connections wire,
      GatewayProtocol protocol,
      FakeGatewayBuilder config) {
    this.id = wire.nextId();
    this.path = path;
    this.compression = compression;
    this.wire = wire;
    this.protocol = protocol;
    this.splitFrames = Math.max(1, config.splitFrames);
    this.fragments = Math.max(1, config.fragments);
    this.inboundLimit = new SendWindow(config.sendLimit, config.sendWindow, 0);
    this.compressor = OutboundCompressor.create(compression);
    this.config = config;
  }

  Mono<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
    in.withConnection(c -> channel = c.channel());
    in.receiveCloseStatus()
        .subscribe(status -> recordClose(codeOf(status.code()), status.reasonText(), true));
    Mono<Void> inbound =
        in.aggregateFrames(MAX_INBOUND_FRAME)
            .receiveFrames()
            .doOnNext(this::onFrame)
            .then()
            .doFinally(signal -> finishOutgoing(Ending.INBOUND_ENDED));
    Mono<Void> outbound =
        out.sendObject(outgoing.asFlux().concatMapIterable(this::toFrames))
            .then()
            .then(Mono.defer(() -> end(out)));
    wire.opened(this);
    return Mono.when(inbound, outbound)
        .doFinally(
            signal -> {
              recordClose(OptionalInt.empty(), "connection lost", true);
              if (compressor != null) {
                synchronized (this) {
                  compressor.close();
                }
              }
              wire.closed(this);
              protocol.detached(this);
            });
  }

  private void onFrame(WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
      return;
    }
    ByteBuf content = frame.content();
    if (content.readableBytes() > GatewayCodec.MAX_OUTBOUND_BYTES) {
      wire.recordRaw(this, true, content.readableBytes() + " bytes");
      terminate(GatewayCloseCode.DECODE_ERROR, "payload too large");
      return;
    }
    long now = config.nanoTime();
    if (inboundLimit.delayNanos(SendWindow.Lane.PRIORITY, now) > 0) {
      terminate(GatewayCloseCode.RATE_LIMITED);
      return;
    }
    inboundLimit.record(SendWindow.Lane.PRIORITY, now);
    byte[] bytes = ByteBufUtil.getBytes(content);
    GatewayPayload payload;
    try {
      payload = GatewayCodec.decode(bytes);
    } catch (GatewayException e) {
      wire.recordRaw(this, true, new String(bytes, StandardCharsets.UTF_8));
      terminate(GatewayCloseCode.DECODE_ERROR);
      return;
    }
    wire.recordReceived(this, new String(bytes, StandardCharsets.UTF_8), payload);
    protocol.received(this, payload);
  }

  /**
   * Queues a payload, running {@code record} first; dropped silently, unrecorded, once the
   * connection is ending (closed by either side, or dropped), as on a real socket.
   */
  synchronized void send(String json, Runnable record) {
    if (terminal == null && !closeRecorded) {
      record.run();
      // A FAIL_TERMINATED/FAIL_CANCELLED result means the socket is already gone: nothing to do.
      outgoing.tryEmitNext(new Payload(json));
    }
  }

  /** Queues bytes that are not a payload (malformed or oversized frames). */
  synchronized void sendRaw(byte[] bytes) {
    if (terminal == null) {
      outgoing.tryEmitNext(new Raw(bytes));
    }
  }

  /** Ends the connection after the queued payloads with a close frame of {@code code}. */
  void terminate(GatewayCloseCode code) {
    terminate(code, code.description());
  }

  /** Ends the connection after the queued payloads with {@code code} and its own reason. */
  void terminate(GatewayCloseCode code, String reason) {
    terminate(code.code(), reason);
  }

  /** Ends the connection after the queued payloads with any valid WebSocket close code. */
  void terminate(int code, String reason) {
    finishOutgoing(new CloseFrame(code, reason));
  }

  /** Drops the TCP connection without a close frame. */
  void drop() {
    finishOutgoing(Ending.DROP);
  }

  private void finishOutgoing(Terminal how) {
    synchronized (this) {
      if (terminal != null) {
        return;
      }
      terminal = how;
    }
    // Completed outside the lock: completion can run the connection's whole teardown synchronously,
    // which takes the protocol's lock (lock order is always protocol, then connection). A send()
    // that entered before the terminal was set may still be emitting: wait for it, not fail.
    outgoing.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
  }

  private Mono<Void> end(WebsocketOutbound out) {
    Terminal how;
    synchronized (this) {
      how = terminal;
    }
    if (how instanceof CloseFrame close) {
      recordClose(OptionalInt.of(close.code()), close.reason(), false);
      return out.sendClose(close.code(), close.reason());
    }
    if (how == Ending.DROP) {
      recordClose(OptionalInt.empty(), "dropped by server", false);
      return Mono.fromRunnable(() -> channel.close());
    }
    return Mono.empty();
  }

  private void recordClose(OptionalInt code, String reason, boolean byClient) {
    synchronized (this) {
      if (closeRecorded) {
        return;
      }
      closeRecorded = true;
    }
    if (byClient) {
      // Before the close is visible in the transcript: a test that saw it and dispatches next
      // finds the session detached (the dispatch is logged for the replay).
      protocol.clientClosed(this, code);
    }
    wire.recordClose(this, code, reason, byClient);
  }

  /** A received close status's code; Netty reports a close frame without one as -1. */
  private static OptionalInt codeOf(int status) {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  private List<WebSocketFrame> toFrames(Outgoing item) {
    if (item instanceof Raw raw) {
      return List.of(new TextWebSocketFrame(Unpooled.wrappedBuffer(raw.bytes())));
    }
    String json = ((Payload) item).json();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (compressor == null) {
      return fragmented(bytes, false, fragments);
    }
    byte[] deflated = compress(bytes);
    if (!compressor.splitsAcrossMessages()) {
      // zstd-stream: one gateway message is always one WebSocket message (GATEWAY.md 9.4), so
      // splitFrames cuts it into WebSocket fragments the client reassembles, never into messages.
      return fragmented(deflated, true, Math.max(fragments, splitFrames));
    }
    List<WebSocketFrame> frames = new ArrayList<>(splitFrames);
    int parts = Math.min(splitFrames, deflated.length);
    int size = (deflated.length + parts - 1) / parts;
    for (int start = 0; start < deflated.length; start += size) {
      int end = Math.min(deflated.length, start + size);
      frames.addAll(fragmented(Arrays.copyOfRange(deflated, start, end), true, fragments));
    }
    return frames;
  }

  /**
   * One WebSocket message, whole or in {@code fragments} frames (the first, then continuations).
   */
  private List<WebSocketFrame> fragmented(byte[] message, boolean binary, int pieces) {
    int parts = Math.min(pieces, message.length);
    if (parts <= 1) {
      return List.of(
          binary
              ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message))
              : new TextWebSocketFrame(Unpooled.wrappedBuffer(message)));
    }
    List<WebSocketFrame> frames = new ArrayList<>(parts);
    int size = (message.length + parts - 1) / parts;
    for (int start = 0; start < message.length; start += size) {
      int end = Math.min(message.length, start + size);
      boolean last = end == message.length;
      ByteBuf content = Unpooled.wrappedBuffer(message, start, end - start);
      if (start == 0) {
        frames.add(
            binary
                ? new BinaryWebSocketFrame(false, 0, content)
                : new TextWebSocketFrame(false, 0, content));
      } else {
        frames.add(new ContinuationWebSocketFrame(last, 0, content));
      }
    }
    return frames;
  }

  private synchronized byte[] compress(byte[] input) {
    return compressor.compress(input);
  }
}
