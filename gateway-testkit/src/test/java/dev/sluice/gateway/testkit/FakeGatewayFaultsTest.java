package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every scripted fault does what it says, on the wire. */
class FakeGatewayFaultsTest {

  @RegisterExtension final FakeGatewayExtension fake = new FakeGatewayExtension();

  WsClient ready() {
    WsClient client = WsClient.connect(fake.get().url());
    client.awaitOp(10);
    client.identify("any-token");
    client.awaitDispatch("READY");
    return client;
  }

  @Test
  void heartbeatRequestReconnectAndInvalidSessionAreSent() {
    try (WsClient client = ready()) {
      fake.get().requestHeartbeat();
      assertThat(client.awaitOp(1).data().isNull()).isTrue();
      fake.get().reconnect();
      assertThat(client.awaitOp(7).op()).isEqualTo(7);
      fake.get().invalidSession(true);
      assertThat(client.awaitOp(9).resumable()).isTrue();
    }
  }

  @Test
  void invalidSessionFalseKillsTheSession() {
    String sessionId;
    try (WsClient client = WsClient.connect(fake.get().url())) {
      client.awaitOp(10);
      client.identify("t");
      sessionId = client.awaitDispatch("READY").readyInfo().sessionId();
      fake.get().invalidSession(false);
      assertThat(client.awaitOp(9).resumable()).isFalse();
    }
    try (WsClient client = WsClient.connect(fake.get().resumeUrl())) {
      client.awaitOp(10);
      client.resume("t", sessionId, 1);
      assertThat(client.awaitOp(9).resumable()).isFalse();
    }
  }

  @Test
  void closeWithAnyCodeAndReason() {
    try (WsClient client = ready()) {
      fake.get().close(4009, "session timed out");
      assertThat(client.awaitClose()).isEqualTo(4009);
    }
    Frame.Closed closed = fake.get().transcript().closings().get(0);
    assertThat(closed.code()).hasValue(4009);
    assertThat(closed.closeCode()).isEqualTo(GatewayCloseCode.SESSION_TIMED_OUT);
    assertThat(closed.fromClient()).isFalse();
  }

  @Test
  void dropClosesTheTcpConnectionWithoutACloseFrame() {
    try (WsClient client = ready()) {
      fake.get().dropConnections();
      assertThat(client.awaitClose()).isEqualTo(-1);
    }
    assertThat(fake.get().transcript().closings().get(0).code()).isEmpty();
  }

  @Test
  void withheldHelloNeverComes() throws InterruptedException {
    fake.get().withholdHello(true);
    try (WsClient client = WsClient.connect(fake.get().url())) {
      assertThat(client.poll(Duration.ofMillis(700))).isNull();
    }
    fake.get().withholdHello(false);
    try (WsClient client = WsClient.connect(fake.get().url())) {
      assertThat(client.next().op()).isEqualTo(10);
    }
  }

  @Test
  void malformedFrameReachesTheClientAsIs() throws InterruptedException {
    try (WsClient client = ready()) {
      fake.get().sendMalformedFrame();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (client.inboundError == null && System.nanoTime() < deadline) {
        client.poll(Duration.ofMillis(50));
      }
      assertThat(client.inboundError)
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.DECODE));
    }
  }

  @Test
  void oversizedFrameIsSentWhole() {
    try (WsClient client = ready()) {
      fake.get().sendOversizedFrame(200_000);
      GatewayPayload big = client.awaitDispatch("OVERSIZED_TEST");
      assertThat(big.data().length()).isGreaterThan(200_000);
    }
  }

  @Test
  void delayedAcksArriveLate() {
    try (WsClient client = ready()) {
      fake.get().delayAcks(Duration.ofMillis(400));
      long start = System.nanoTime();
      client.send("{\"op\":1,\"d\":1}");
      client.awaitOp(11);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }
  }

  @Test
  void skippedEventsAreMissingFromTheReplay() {
    String sessionId;
    try (WsClient client = ready()) {
      sessionId =
          fake.get()
              .transcript()
              .dispatched("READY")
              .get(0)
              .dataTree()
              .path("session_id")
              .asString();
    }
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("kept"));
    fake.get().skipOnResume(1);
    try (WsClient client = WsClient.connect(fake.get().resumeUrl())) {
      client.awaitOp(10);
      client.resume("t", sessionId, 2);
      GatewayPayload first = client.awaitOp(0);
      assertThat(first.type()).isEqualTo("MESSAGE_CREATE");
      assertThat(first.sequence()).isEqualTo(4);
      assertThat(client.awaitOp(0).type()).isEqualTo("RESUMED");
    }
  }

  @Test
  void zlibStreamUsesOneContextAndCanSplitMessagesOverFrames() {
    try (FakeGateway split = FakeGateway.builder().splitFrames(3).start();
        WsClient client = WsClient.connect(split.url(), true)) {
      assertThat(client.next().op()).isEqualTo(10);
      client.identify("t");
      assertThat(client.awaitDispatch("READY").readyInfo().sessionId()).isNotBlank();
      for (int i = 0; i < 50; i++) {
        split.dispatch("MESSAGE_CREATE", Events.messageCreate("message " + i));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(client.awaitDispatch("MESSAGE_CREATE").data().asString())
            .contains("message " + i);
      }
      assertThat(client.rawFrameSizes.size()).isGreaterThanOrEqualTo(3 * 53);
      assertThat(client.inboundError).isNull();
    }
  }

  @Test
  void zstdStreamUsesOneContextAndSplitsMessagesIntoFragmentsNotMessages() {
    try (FakeGateway split = FakeGateway.builder().splitFrames(3).start();
        WsClient client = WsClient.connect(split.url(), Compression.ZSTD_STREAM)) {
      assertThat(client.next().op()).isEqualTo(10);
      client.identify("t");
      assertThat(client.awaitDispatch("READY").readyInfo().sessionId()).isNotBlank();
      for (int i = 0; i < 50; i++) {
        split.dispatch("MESSAGE_CREATE", Events.messageCreate("message " + i));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(client.awaitDispatch("MESSAGE_CREATE").data().asString())
            .contains("message " + i);
      }
      // Every message came in (at least) three WebSocket frames, and decoded only once whole.
      assertThat(client.rawFrameSizes.size()).isGreaterThanOrEqualTo(3 * 53);
      assertThat(client.inboundError).isNull();
    }
  }

  @Test
  void zstdStreamKeepsItsContextAcrossMessages() {
    try (FakeGateway gateway = FakeGateway.start();
        WsClient client = WsClient.connect(gateway.url(), Compression.ZSTD_STREAM)) {
      assertThat(client.next().op()).isEqualTo(10);
      client.identify("t");
      client.awaitDispatch("READY");
      client.awaitDispatch("GUILD_CREATE");
      client.rawFrameSizes.clear();
      String body = Events.messageCreate("the same text, twice over the same context");
      gateway.dispatch("MESSAGE_CREATE", body);
      client.awaitDispatch("MESSAGE_CREATE");
      gateway.dispatch("MESSAGE_CREATE", body);
      client.awaitDispatch("MESSAGE_CREATE");
      Integer first = client.rawFrameSizes.poll();
      Integer second = client.rawFrameSizes.poll();
      assertThat(second).isLessThan(first / 2);
      assertThat(client.inboundError).isNull();
    }
  }

  @Test
  void dispatchToOneShardReachesOnlyThatShard() {
    try (WsClient zero = WsClient.connect(fake.get().url());
        WsClient one = WsClient.connect(fake.get().url())) {
      zero.awaitOp(10);
      zero.identify("t", 1, new int[] {0, 2});
      zero.awaitDispatch("READY");
      // A second bucket would need max_concurrency 2; wait out the identify window instead.
      one.awaitOp(10);
      fake.get().transcript().assertNoNewConnection(Duration.ofMillis(5100));
      one.identify("t", 1, new int[] {1, 2});
      one.awaitDispatch("READY");
      assertThat(fake.get().dispatchToShard(1, "TYPING_START", Events.typingStart("1", "2")))
          .isEqualTo(1);
      assertThat(one.awaitDispatch("TYPING_START").type()).isEqualTo("TYPING_START");
    }
  }

  @Test
  void controlApiDrivesTheSameFaultsOverHttp() {
    String base = "http://127.0.0.1:" + fake.get().port() + "/control/";
    try (WsClient client = ready()) {
      assertThat(post(base + "reconnect", "").status()).isEqualTo(200);
      client.awaitOp(7);
      post(base + "invalid-session?resumable=true", "");
      assertThat(client.awaitOp(9).resumable()).isTrue();
      Http.Response dispatched =
          post(base + "dispatch", "{\"t\":\"CUSTOM_EVENT\",\"d\":{\"x\":1}}");
      assertThat(dispatched.body()).isEqualTo("{\"sessions\":1}");
      assertThat(client.awaitDispatch("CUSTOM_EVENT").data().asString()).isEqualTo("{\"x\":1}");
      assertThat(post(base + "no-such-action", "").status()).isEqualTo(404);
      Http.Response transcript = Http.get(base + "transcript", null);
      assertThat(transcript.body()).contains("CUSTOM_EVENT");
      post(base + "close?code=4000&reason=bye", "");
      assertThat(client.awaitClose()).isEqualTo(4000);
    }
    assertThat(fake.get().transcript().received(Opcode.IDENTIFY)).hasSize(1);
  }

  static Http.Response post(String url, String body) {
    return Http.post(url, body, null);
  }
}
