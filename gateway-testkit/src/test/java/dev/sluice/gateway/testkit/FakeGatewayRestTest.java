package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** REST on the same port, identify concurrency across connections and the session budget. */
class FakeGatewayRestTest {

  static final String TOKEN = "MTAw.rest.token";

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(
          b ->
              b.token(TOKEN)
                  .shards(4)
                  .maxConcurrency(2)
                  .sessionStartLimit(1000, 5, Duration.ofHours(3)));

  Http.Response get(String path, String auth) {
    return Http.get(fake.get().apiUrl() + path, auth);
  }

  @Test
  void gatewayAndGatewayBotDescribeTheFake() {
    JsonNode gateway = Json.MAPPER.readTree(get("/gateway", null).body());
    assertThat(gateway.path("url").asString()).isEqualTo(fake.get().url());

    assertThat(get("/gateway/bot", null).status()).isEqualTo(401);
    assertThat(get("/gateway/bot", "Bot wrong").status()).isEqualTo(401);
    Http.Response bot = get("/gateway/bot", "Bot " + TOKEN);
    assertThat(bot.status()).isEqualTo(200);
    GatewayBot info = GatewayCodec.readBody(bot.body().getBytes(), GatewayBot.class);
    assertThat(info.url()).isEqualTo(fake.get().url());
    assertThat(info.shards()).isEqualTo(4);
    assertThat(info.sessionStartLimit().remaining()).isEqualTo(5);
    assertThat(info.sessionStartLimit().maxConcurrency()).isEqualTo(2);
    assertThat(info.sessionStartLimit().resetAfterDuration())
        .isBetween(Duration.ofMinutes(179), Duration.ofHours(3));
  }

  @Test
  void postingAMessageIsRecordedAnsweredAndDispatched() {
    try (WsClient client = WsClient.connect(fake.get().url())) {
      client.awaitOp(10);
      client.identify(TOKEN);
      client.awaitDispatch("READY");
      Http.Response res =
          Http.post(
              fake.get().apiUrl() + "/channels/1234/messages",
              "{\"content\":\"pong\"}",
              "Bot " + TOKEN);
      assertThat(res.status()).isEqualTo(200);
      JsonNode message = Json.MAPPER.readTree(res.body());
      assertThat(message.path("content").asString()).isEqualTo("pong");
      assertThat(message.path("channel_id").asString()).isEqualTo("1234");
      assertThat(message.path("author").path("bot").asBoolean()).isTrue();
      assertThat(message.path("author").path("id").asString()).isEqualTo("100");
      assertThat(fake.get().postedMessages())
          .singleElement()
          .satisfies(m -> assertThat(m.content()).isEqualTo("pong"));
      assertThat(client.awaitDispatch("MESSAGE_CREATE").data().asString()).contains("\"pong\"");
    }
    assertThat(
            Http.post(fake.get().apiUrl() + "/channels/1/messages", "{\"content\":\"x\"}", null)
                .status())
        .isEqualTo(401);
  }

  @Test
  void identifyConcurrencyIsEnforcedPerBucketAcrossConnections() {
    try (WsClient s0 = WsClient.connect(fake.get().url());
        WsClient s1 = WsClient.connect(fake.get().url());
        WsClient s2 = WsClient.connect(fake.get().url())) {
      for (WsClient c : new WsClient[] {s0, s1, s2}) {
        c.awaitOp(10);
      }
      s0.identify(TOKEN, 1, new int[] {0, 4});
      s1.identify(TOKEN, 1, new int[] {1, 4});
      assertThat(s0.awaitDispatch("READY")).isNotNull();
      assertThat(s1.awaitDispatch("READY")).isNotNull();
      s2.identify(TOKEN, 1, new int[] {2, 4}); // bucket 0 again, within 5 s
      assertThat(s2.awaitOp(9).resumable()).isFalse();
    }
    assertThat(fake.get().concurrencyViolations()).isEqualTo(1);
    assertThat(fake.get().sessionsStarted()).isEqualTo(2);
    assertThat(fake.get().remainingSessionStarts()).isEqualTo(3);
  }

  @Test
  void anExhaustedBudgetRefusesIdentify() {
    try (FakeGateway tight =
            FakeGateway.builder()
                .sessionStartLimit(1000, 1, Duration.ofHours(1))
                .identifyWindow(Duration.ZERO)
                .start();
        WsClient a = WsClient.connect(tight.url());
        WsClient b = WsClient.connect(tight.url())) {
      a.awaitOp(10);
      a.identify("t");
      a.awaitDispatch("READY");
      b.awaitOp(10);
      b.identify("t");
      assertThat(b.awaitOp(9).resumable()).isFalse();
      assertThat(tight.remainingSessionStarts()).isZero();
    }
  }
}
