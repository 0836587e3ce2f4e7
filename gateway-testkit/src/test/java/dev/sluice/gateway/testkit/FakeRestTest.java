package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.internal.Json;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/** The fake's REST side as a plain HTTP client sees it: headers, 429s, nonces, errors. */
class FakeRestTest {

  static final String TOKEN = "MTAw.fake.rest";

  record Answer(int status, HttpHeaders headers, JsonNode body) {}

  static Answer post(FakeGateway fake, String path, String body) {
    return HttpClient.create()
        .headers(
            h -> h.set("Authorization", "Bot " + TOKEN).set("Content-Type", "application/json"))
        .post()
        .uri(fake.apiUrl() + path)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle(
            (res, b) ->
                b.asString()
                    .defaultIfEmpty("null")
                    .map(
                        s ->
                            new Answer(
                                res.status().code(),
                                res.responseHeaders(),
                                Json.MAPPER.readTree(s))))
        .block(Duration.ofSeconds(10));
  }

  @Test
  void aBucketCountsDownAndAnswers429WithItsHeadersWhenExhausted() {
    try (FakeGateway fake =
        FakeGateway.builder().token(TOKEN).restRateLimit(2, Duration.ofSeconds(30)).start()) {
      Answer first = post(fake, "/channels/1/messages", "{\"content\":\"a\"}");
      Answer second = post(fake, "/channels/1/messages", "{\"content\":\"b\"}");
      Answer third = post(fake, "/channels/1/messages", "{\"content\":\"c\"}");
      Answer otherChannel = post(fake, "/channels/2/messages", "{\"content\":\"d\"}");

      assertThat(first.headers().get("X-RateLimit-Limit")).isEqualTo("2");
      assertThat(first.headers().get("X-RateLimit-Remaining")).isEqualTo("1");
      assertThat(second.headers().get("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Double.parseDouble(first.headers().get("X-RateLimit-Reset-After")))
          .isBetween(29.0, 30.0);
      assertThat(third.status()).isEqualTo(429);
      assertThat(third.headers().get("X-RateLimit-Scope")).isEqualTo("user");
      assertThat(third.headers().get("X-RateLimit-Bucket"))
          .isEqualTo(first.headers().get("X-RateLimit-Bucket"));
      assertThat(third.headers().get("Retry-After")).isEqualTo("30");
      assertThat(third.body().path("retry_after").asDouble()).isBetween(29.0, 30.0);
      assertThat(third.body().path("global").asBoolean()).isFalse();
      assertThat(otherChannel.status()).isEqualTo(200);
      assertThat(fake.rest().tooManyRequests()).isEqualTo(1);
      assertThat(fake.rest().messagesCreated()).isEqualTo(3);
    }
  }

  @Test
  void scripted429sCarryTheirScope() {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      fake.rest().rateLimitNext(FakeRest.Scope.GLOBAL, Duration.ofMillis(1500));
      fake.rest().rateLimitNext(FakeRest.Scope.SHARED, Duration.ofMillis(250));
      Answer global = post(fake, "/channels/1/messages", "{\"content\":\"a\"}");
      Answer shared = post(fake, "/channels/1/messages", "{\"content\":\"a\"}");

      assertThat(global.status()).isEqualTo(429);
      assertThat(global.headers().get("X-RateLimit-Global")).isEqualTo("true");
      assertThat(global.headers().get("X-RateLimit-Scope")).isEqualTo("global");
      assertThat(global.body().path("global").asBoolean()).isTrue();
      assertThat(global.body().path("retry_after").asDouble()).isEqualTo(1.5);
      assertThat(shared.headers().get("X-RateLimit-Scope")).isEqualTo("shared");
      assertThat(shared.body().path("retry_after").asDouble()).isEqualTo(0.25);
      assertThat(fake.rest().requests())
          .extracting(FakeRest.Request::scope)
          .containsExactly("global", "shared");
      assertThat(fake.rest().messagesCreated()).isZero();
    }
  }

  @Test
  void theGlobalLimitAnswers429OncePerSecondIsFull() {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).restGlobalLimit(3).start()) {
      for (int i = 0; i < 3; i++) {
        assertThat(post(fake, "/channels/" + i + "/messages", "{\"content\":\"a\"}").status())
            .isEqualTo(200);
      }
      Answer fourth = post(fake, "/channels/9/messages", "{\"content\":\"a\"}");
      assertThat(fourth.status()).isEqualTo(429);
      assertThat(fourth.headers().get("X-RateLimit-Global")).isEqualTo("true");
    }
  }

  @Test
  void anEnforcedNonceAnswersTheSameMessageAndCreatesItOnce() {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      String body = "{\"content\":\"once\",\"nonce\":\"123\",\"enforce_nonce\":true}";
      Answer first = post(fake, "/channels/1/messages", body);
      Answer again = post(fake, "/channels/1/messages", body);
      Answer elsewhere = post(fake, "/channels/2/messages", body);
      Answer unenforced =
          post(fake, "/channels/1/messages", "{\"content\":\"x\",\"nonce\":\"123\"}");

      assertThat(again.body().path("id")).isEqualTo(first.body().path("id"));
      assertThat(first.body().path("nonce").asString()).isEqualTo("123");
      assertThat(elsewhere.body().path("id")).isNotEqualTo(first.body().path("id"));
      assertThat(unenforced.body().path("id")).isNotEqualTo(first.body().path("id"));
      assertThat(fake.rest().messagesCreated()).isEqualTo(3);
      assertThat(fake.postedMessages()).hasSize(3);
    }
  }

  @Test
  void errorsCarryDiscordsCodes() {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      fake.rest().missingChannel("404");
      fake.rest().forbiddenChannel("403");
      Answer missing = post(fake, "/channels/404/messages", "{\"content\":\"a\"}");
      Answer forbidden = post(fake, "/channels/403/messages", "{\"content\":\"a\"}");
      Answer empty = post(fake, "/channels/1/messages", "{\"content\":\"\"}");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body().path("code").asInt()).isEqualTo(10003);
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.body().path("code").asInt()).isEqualTo(50013);
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.body().path("code").asInt()).isEqualTo(50006);
    }
  }
}
