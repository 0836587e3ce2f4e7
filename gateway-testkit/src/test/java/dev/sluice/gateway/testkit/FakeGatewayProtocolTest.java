package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The fake speaks the gateway protocol as Discord does: one test per rule. */
class FakeGatewayProtocolTest {

  static final String TOKEN = "MTAwMjAwMzAwNDAw.abc.def";

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(
          b ->
              b.token(TOKEN)
                  .heartbeatInterval(Duration.ofMillis(45_000))
                  .disallow(Intent.GUILD_PRESENCES));

  WsClient connect() {
    return WsClient.connect(fake.get().url());
  }

  GatewayPayload identified(WsClient client) {
    client.awaitOp(10);
    client.identify(TOKEN);
    return client.awaitDispatch("READY");
  }

  @Test
  void helloComesFirstWithTheConfiguredInterval() {
    try (WsClient client = connect()) {
      GatewayPayload hello = client.next();
      assertThat(hello.op()).isEqualTo(10);
      assertThat(hello.heartbeatInterval()).isEqualTo(45_000);
    }
  }

  @Test
  void identifyGetsReadyWithASessionAndADifferentResumeUrl() {
    try (WsClient client = connect()) {
      GatewayPayload ready = identified(client);
      assertThat(ready.sequence()).isEqualTo(1);
      assertThat(ready.readyInfo().resumeGatewayUrl())
          .isEqualTo(fake.get().resumeUrl())
          .isNotEqualTo(fake.get().url());
      JsonNode d = ready.data().toTree();
      assertThat(d.path("user").path("id").asString()).isEqualTo("100200300400");
      assertThat(d.path("guilds").get(0).path("unavailable").asBoolean()).isTrue();
      GatewayPayload guild = client.awaitDispatch("GUILD_CREATE");
      assertThat(guild.sequence()).isEqualTo(2);
      assertThat(fake.get().sessionsStarted()).isEqualTo(1);
    }
  }

  @Test
  void everyPayloadCarriesAllFourKeys() {
    try (WsClient client = connect()) {
      identified(client);
      client.send("{\"op\":1,\"d\":1}");
      client.awaitOp(11);
    }
    for (Frame.Payload frame :
        fake.get().transcript().select(Frame.Payload.class, p -> !p.fromClient())) {
      JsonNode json = Json.MAPPER.readTree(frame.json());
      assertThat(json.has("op") && json.has("d") && json.has("s") && json.has("t"))
          .as(frame.json())
          .isTrue();
    }
  }

  @Test
  void heartbeatsAreAcknowledgedBeforeAndAfterIdentify() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.send("{\"op\":1,\"d\":null}");
      assertThat(client.awaitOp(11).op()).isEqualTo(11);
      client.identify(TOKEN);
      client.awaitDispatch("READY");
      client.send("{\"op\":1,\"d\":1}");
      assertThat(client.awaitOp(11).op()).isEqualTo(11);
    }
  }

  @Test
  void stoppedAcksMakeAZombieAndResumedAcksComeBack() throws InterruptedException {
    try (WsClient client = connect()) {
      identified(client);
      fake.get().stopAcks();
      client.send("{\"op\":1,\"d\":1}");
      GatewayPayload p;
      while ((p = client.poll(Duration.ofMillis(500))) != null) {
        assertThat(p.op()).isNotEqualTo(11);
      }
      fake.get().resumeAcks();
      client.send("{\"op\":1,\"d\":1}");
      assertThat(client.awaitOp(11).op()).isEqualTo(11);
    }
  }

  @Test
  void badTokenIsClosedWith4004() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.identify("wrong");
      assertThat(client.awaitClose()).isEqualTo(4004);
    }
  }

  @Test
  void shardOutOfRangeIsClosedWith4010() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.identify(TOKEN, 513, new int[] {2, 2});
      assertThat(client.awaitClose()).isEqualTo(4010);
    }
  }

  @Test
  void disallowedIntentsAreClosedWith4014AndUnknownBitsWith4013() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.identify(TOKEN, Intent.GUILD_PRESENCES.value(), null);
      assertThat(client.awaitClose()).isEqualTo(4014);
    }
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.identify(TOKEN, 1L << 40, null);
      assertThat(client.awaitClose()).isEqualTo(4013);
    }
  }

  @Test
  void aSecondIdentifyIsClosedWith4005() {
    try (WsClient client = connect()) {
      identified(client);
      client.identify(TOKEN);
      assertThat(client.awaitClose()).isEqualTo(4005);
    }
  }

  @Test
  void aPayloadBeforeIdentifyIsClosedWith4003() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.send(
          "{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"online\",\"afk\":false}}");
      assertThat(client.awaitClose()).isEqualTo(4003);
    }
  }

  @Test
  void aPayloadOver4096BytesIsClosedWith4002() {
    try (WsClient client = connect()) {
      identified(client);
      client.send("{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(4100) + "\"}");
      assertThat(client.awaitClose()).isEqualTo(4002);
    }
  }

  @Test
  void moreThan120PayloadsIn60SecondsAreClosedWith4008() {
    try (WsClient client = connect()) {
      identified(client);
      for (int i = 0; i < 121; i++) {
        client.send("{\"op\":1,\"d\":1}");
      }
      assertThat(client.awaitClose()).isEqualTo(4008);
    }
  }

  @Test
  void unknownOpcodeIsClosedWith4001() {
    try (WsClient client = connect()) {
      identified(client);
      client.send("{\"op\":42,\"d\":null}");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void resumeReplaysEveryMissedDispatchInOrderThenResumed() {
    String sessionId;
    long seq;
    try (WsClient client = connect()) {
      GatewayPayload ready = identified(client);
      sessionId = ready.readyInfo().sessionId();
      seq = client.awaitDispatch("GUILD_CREATE").sequence();
      client.closeWith(4900);
      assertThat(client.awaitClose()).isIn(4900, -1);
    }
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("one"));
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("two"));
    try (WsClient client = WsClient.connect(fake.get().resumeUrl())) {
      client.awaitOp(10);
      client.resume(TOKEN, sessionId, seq);
      GatewayPayload first = client.awaitOp(0);
      GatewayPayload second = client.awaitOp(0);
      GatewayPayload resumed = client.awaitOp(0);
      assertThat(first.sequence()).isEqualTo(seq + 1);
      assertThat(first.data().asString()).contains("\"one\"");
      assertThat(second.sequence()).isEqualTo(seq + 2);
      assertThat(resumed.type()).isEqualTo("RESUMED");
      assertThat(resumed.data().isNull()).isFalse();
      assertThat(resumed.sequence()).isEqualTo(seq + 3);
    }
    assertThat(fake.get().transcript().openings().get(1).path()).startsWith("/resume");
  }

  @Test
  void resumeOfAnUnknownSessionOrFutureSequenceGetsInvalidSessionFalse() {
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.resume(TOKEN, "no-such-session", 1);
      assertThat(client.awaitOp(9).data().asString()).isEqualTo("false");
    }
    String sessionId;
    try (WsClient client = connect()) {
      sessionId = identified(client).readyInfo().sessionId();
    }
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.resume(TOKEN, sessionId, 999);
      assertThat(client.awaitOp(9).data().asString()).isEqualTo("false");
    }
  }

  @Test
  void aSessionEndedWith1000CannotBeResumed() {
    String sessionId;
    try (WsClient client = connect()) {
      sessionId = identified(client).readyInfo().sessionId();
      client.closeWith(1000);
      client.awaitClose();
    }
    fake.get().transcript().awaitClosing(1, Duration.ofSeconds(5));
    try (WsClient client = connect()) {
      client.awaitOp(10);
      client.resume(TOKEN, sessionId, 1);
      assertThat(client.awaitOp(9).data().asString()).isEqualTo("false");
    }
  }

  @Test
  void sequenceIncreasesPerSession() {
    try (WsClient client = connect()) {
      identified(client);
      long last = client.awaitDispatch("GUILD_CREATE").sequence();
      for (int i = 0; i < 5; i++) {
        fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
        long s = client.awaitDispatch("TYPING_START").sequence();
        assertThat(s).isEqualTo(last + 1);
        last = s;
      }
    }
  }

  @Test
  void transcriptRecordsBothDirectionsAndAwaitHelpersWork() {
    try (WsClient client = connect()) {
      identified(client);
      Frame.Payload identify =
          fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 1, Duration.ofSeconds(5));
      assertThat(identify.connection()).isEqualTo(1);
      assertThat(fake.get().transcript().sent(Opcode.HELLO)).hasSize(1);
      assertThat(fake.get().transcript().dispatched("READY")).hasSize(1);
      fake.get().transcript().assertNoNewConnection(Duration.ofMillis(300));
    }
  }
}
