package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transcript records each kind of frame with the fields it has, in the gateway's words. */
class FakeGatewayTranscriptTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension final FakeGatewayExtension fake = new FakeGatewayExtension();

  WsClient ready() {
    WsClient client = WsClient.connect(fake.get().url());
    client.awaitOp(Opcode.HELLO.code());
    client.identify("any-token");
    client.awaitDispatch("READY");
    return client;
  }

  @Test
  void payloadsCarryTheirEnvelopeInBothDirections() {
    try (WsClient client = ready()) {
      Frame.Payload hello = fake.get().transcript().sent(Opcode.HELLO).get(0);
      assertThat(hello.fromClient()).isFalse();
      assertThat(hello.sequence()).isEmpty();
      assertThat(hello.type()).isEmpty();
      assertThat(hello.dataTree().path("heartbeat_interval").asLong()).isEqualTo(41_250);
      fake.get().requestHeartbeat();
      client.awaitOp(Opcode.HEARTBEAT.code());
      Frame.Payload request = fake.get().transcript().sent(Opcode.HEARTBEAT).get(0);
      assertThat(request.data()).isEqualTo("null");
      assertThat(request.dataTree().isNull()).isTrue();

      Frame.Payload identify = fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 1, WAIT);
      assertThat(identify.direction()).isEqualTo(Frame.Direction.CLIENT_TO_SERVER);
      assertThat(identify.data()).contains("\"intents\":513");

      Frame.Payload ready = fake.get().transcript().awaitDispatched("READY", 1, WAIT);
      assertThat(ready.opcode()).isEqualTo(Opcode.DISPATCH);
      assertThat(ready.sequence()).hasValue(1);
      assertThat(ready.type()).hasValue("READY");
      assertThat(ready.isDispatch("READY")).isTrue();
      assertThat(ready.isDispatch("RESUMED")).isFalse();
      assertThat(ready.dataTree().path("session_id").asString()).isNotBlank();
      assertThat(ready.toString()).contains("#1 S→C op DISPATCH");
    }
  }

  @Test
  void openingAndClosingSayWhereAndHow() {
    try (WsClient client = ready()) {
      fake.get().close(GatewayCloseCode.SESSION_TIMED_OUT);
      assertThat(client.awaitClose()).isEqualTo(GatewayCloseCode.SESSION_TIMED_OUT.code());
    }
    Frame.Opened opened = fake.get().transcript().awaitOpening(1, WAIT);
    assertThat(opened.path()).isEqualTo("/?v=10&encoding=json");
    assertThat(opened.fromClient()).isTrue();
    Frame.Closed closed = fake.get().transcript().awaitClosing(1, WAIT);
    assertThat(closed.byClient()).isFalse();
    assertThat(closed.code()).hasValue(GatewayCloseCode.SESSION_TIMED_OUT.code());
    assertThat(closed.closeCode()).isEqualTo(GatewayCloseCode.SESSION_TIMED_OUT);
    assertThat(closed.reason()).isEqualTo("session timed out");
  }

  @Test
  void aClosingWithoutCloseFrameHasNoCode() {
    try (WsClient client = ready()) {
      fake.get().dropConnections();
      client.awaitClose();
    }
    Frame.Closed closed = fake.get().transcript().awaitClosing(1, WAIT);
    assertThat(closed.code()).isEmpty();
    assertThat(closed.closeCode()).isEqualTo(GatewayCloseCode.UNKNOWN);
    assertThat(closed.reason()).isEqualTo("dropped by server");
    assertThat(closed.toString()).contains("without a close frame");
  }

  @Test
  void aClientCloseIsRecordedAsTheClientsWithItsCode() {
    try (WsClient client = ready()) {
      client.closeWith(GatewayCloseCode.RESUMABLE_CLOSURE);
      client.awaitClose();
    }
    Frame.Closed closed = fake.get().transcript().awaitClosing(1, WAIT);
    assertThat(closed.byClient()).isTrue();
    assertThat(closed.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
    assertThat(closed.closeCode()).isEqualTo(GatewayCloseCode.UNKNOWN);
  }

  @Test
  void bytesThatAreNotAPayloadAreRawFramesBothWays() {
    try (WsClient client = ready()) {
      fake.get().sendMalformedFrame();
      client.send("not json");
      assertThat(client.awaitClose()).isEqualTo(GatewayCloseCode.DECODE_ERROR.code());
    }
    List<Frame.Raw> raw = fake.get().transcript().select(Frame.Raw.class, r -> true);
    assertThat(raw)
        .extracting(Frame.Raw::direction)
        .containsExactlyInAnyOrder(
            Frame.Direction.SERVER_TO_CLIENT, Frame.Direction.CLIENT_TO_SERVER);
    assertThat(raw).extracting(Frame.Raw::note).contains("not json");
  }

  @Test
  void typedAwaitFindsTheNthMatchOfAKind() {
    try (WsClient client = ready()) {
      fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
      fake.get().dispatch("TYPING_START", Events.typingStart("1", "3"));
      Frame.Payload second =
          fake.get()
              .transcript()
              .awaitNth(
                  Frame.Payload.class,
                  p -> p.isDispatch("TYPING_START"),
                  2,
                  WAIT,
                  "second TYPING_START");
      assertThat(second.data()).contains("\"user_id\":\"3\"");
      assertThatThrownBy(
              () -> fake.get().transcript().awaitDispatched("TYPING_START", 3, Duration.ZERO))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("dispatched TYPING_START #3")
          .hasMessageContaining("op DISPATCH");
    }
  }

  @Test
  void aWithheldHelloIsSentWhenReleased() throws InterruptedException {
    fake.get().withholdHello(true);
    try (WsClient client = WsClient.connect(fake.get().url())) {
      fake.get().transcript().awaitOpening(1, WAIT);
      assertThat(client.poll(Duration.ofMillis(300))).isNull();
      fake.get().withholdHello(false);
      assertThat(client.next().op()).isEqualTo(Opcode.HELLO.code());
      assertThat(client.poll(Duration.ofMillis(300))).isNull();
    }
    assertThat(fake.get().transcript().sent(Opcode.HELLO)).hasSize(1);
  }

  @Test
  void closeRefusesCodesAServerMayNotSend() {
    for (int code : new int[] {-1, 0, 999, 1005, 1006, 1015, 2999, 5000}) {
      assertThatThrownBy(() -> fake.get().close(code, "x"))
          .as("code %d", code)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(code));
    }
    assertThatThrownBy(() -> fake.get().close(GatewayCloseCode.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRefusesBadOptionsWhereTheyAreSet() {
    FakeGatewayBuilder builder = FakeGateway.builder();
    assertThatThrownBy(() -> builder.guilds("not-a-snowflake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-a-snowflake");
    assertThatThrownBy(() -> builder.identifyWindow(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sendLimit(10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sessionStartLimit(10, 10, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.heartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
