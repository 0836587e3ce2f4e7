package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Joins a WebSocket message sent in fragments (a text or binary frame that is not final, then
 * continuation frames), bounded by the maximum message size. A message in one frame, which is
 * nearly every message, is handed on as a view of the frame's own buffer: no copy and no extra
 * pipeline stage (Netty's frame aggregator retains and re-emits every frame, whole or not).
 *
 * <p>Called by {@link FrameReceiver} on the connection's event loop, one frame at a time.
 */
final class FragmentAssembler {

  /** Buffers larger than this are dropped after each message, so idle connections stay small. */
  private static final int RETAINED_BUFFER = 64 * 1024;

  private final int maxMessageBytes;
  private byte[] pending = new byte[0];
  private int length;
  private boolean assembling;

  FragmentAssembler(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * The message {@code frame} completes, as a view valid until the frame is released and {@link
   * #release} is called; null while fragments are still to come, and for control frames (Reactor
   * Netty answers pings and closes).
   *
   * @throws GatewayException DECODE when fragments are out of order, MESSAGE_TOO_LARGE when the
   *     joined message would exceed the limit
   */
  ByteBuffer accept(WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      if (assembling) {
        throw GatewayException.of(
            Kind.DECODE, "a new message began before the fragmented one before it ended");
      }
      ByteBuf content = frame.content();
      if (frame.isFinalFragment()) {
        return content.nioBufferCount() == 1
            ? content.internalNioBuffer(content.readerIndex(), content.readableBytes())
            : content.nioBuffer();
      }
      assembling = true;
      length = 0;
      append(content);
      return null;
    }
    if (frame instanceof ContinuationWebSocketFrame) {
      if (!assembling) {
        throw GatewayException.of(
            Kind.DECODE, "a continuation frame arrived without a message to continue");
      }
      append(frame.content());
      if (!frame.isFinalFragment()) {
        return null;
      }
      assembling = false;
      return ByteBuffer.wrap(pending, 0, length);
    }
    return null;
  }

  /** The message handed out last has been read: its buffer may go. */
  void release() {
    if (pending.length > RETAINED_BUFFER) {
      pending = new byte[0];
    }
  }

  private void append(ByteBuf content) {
    int size = content.readableBytes();
    if (size > maxMessageBytes - length) {
      throw GatewayException.of(
          Kind.MESSAGE_TOO_LARGE,
          "fragmented message exceeds the limit of " + maxMessageBytes + " bytes");
    }
    int needed = length + size;
    if (needed > pending.length) {
      pending =
          Arrays.copyOf(
              pending, (int) Math.min(maxMessageBytes, Math.max(needed, 2L * pending.length)));
    }
    content.getBytes(content.readerIndex(), pending, length, size);
    length = needed;
  }
}
