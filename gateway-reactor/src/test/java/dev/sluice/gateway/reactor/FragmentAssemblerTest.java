package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.GatewayException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Joining fragmented WebSocket messages, and what is refused. */
class FragmentAssemblerTest {

  final FragmentAssembler assembler = new FragmentAssembler(4096);

  /** Feeds one frame and releases it, as Reactor Netty does after the handler returns. */
  String feed(WebSocketFrame frame) {
    try {
      ByteBuffer message = assembler.accept(frame);
      if (message == null) {
        return null;
      }
      byte[] bytes = new byte[message.remaining()];
      message.duplicate().get(bytes);
      assembler.release();
      return new String(bytes, StandardCharsets.UTF_8);
    } finally {
      frame.release();
    }
  }

  static io.netty.buffer.ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  @Test
  void aWholeMessageIsHandedOnAsItIs() {
    assertThat(feed(new TextWebSocketFrame(text("{\"op\":11}")))).isEqualTo("{\"op\":11}");
    assertThat(feed(new BinaryWebSocketFrame(text("abc")))).isEqualTo("abc");
  }

  @Test
  void fragmentsAreJoinedInOrderAndOnlyTheLastCompletesTheMessage() {
    assertThat(feed(new TextWebSocketFrame(false, 0, text("{\"op\":")))).isNull();
    assertThat(feed(new PingWebSocketFrame(text("ping")))).as("control frames interleave").isNull();
    assertThat(feed(new ContinuationWebSocketFrame(false, 0, text("1")))).isNull();
    assertThat(feed(new ContinuationWebSocketFrame(true, 0, text("1}")))).isEqualTo("{\"op\":11}");
    assertThat(feed(new TextWebSocketFrame(text("next")))).isEqualTo("next");
  }

  @Test
  void aContinuationWithoutAStartIsADecodeError() {
    assertThatThrownBy(() -> feed(new ContinuationWebSocketFrame(true, 0, text("x"))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
  }

  @Test
  void aNewMessageBeforeTheFragmentedOneEndsIsADecodeError() {
    feed(new BinaryWebSocketFrame(false, 0, text("part")));
    assertThatThrownBy(() -> feed(new BinaryWebSocketFrame(text("whole"))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
  }

  @Test
  void fragmentsAddingUpToMoreThanTheLimitAreRefused() {
    String kilobyte = "x".repeat(1024);
    feed(new TextWebSocketFrame(false, 0, text(kilobyte)));
    feed(new ContinuationWebSocketFrame(false, 0, text(kilobyte)));
    feed(new ContinuationWebSocketFrame(false, 0, text(kilobyte)));
    feed(new ContinuationWebSocketFrame(false, 0, text(kilobyte))); // exactly 4096: still fine
    assertThatThrownBy(() -> feed(new ContinuationWebSocketFrame(true, 0, text("x"))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.MESSAGE_TOO_LARGE));
  }

  @Test
  void aMessageOfExactlyTheLimitIsAccepted() {
    String half = "y".repeat(2048);
    feed(new TextWebSocketFrame(false, 0, text(half)));
    assertThat(feed(new ContinuationWebSocketFrame(true, 0, text(half)))).hasSize(4096);
  }
}
