package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Discord's error answers as typed exceptions, the invalid-request guard, and the token kept out.
 */
class RestErrorsTest {

  @RegisterExtension
  final FakeGatewayExtension fake = new FakeGatewayExtension(b -> b.token(Fakes.TOKEN));

  @Test
  void anUnknownChannelIsNotFoundWithCode10003() {
    fake.get().rest().missingChannel(CHANNEL.asString());
    try (RestClient rest = Fakes.client(fake.get())) {
      StepVerifier.create(rest.createMessage(CHANNEL, "hello?"))
          .expectErrorSatisfies(
              e -> {
                RestException r = (RestException) e;
                assertThat(r.kind()).isEqualTo(RestException.Kind.NOT_FOUND);
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.code()).isEqualTo(10003);
                assertThat(r.discordMessage()).isEqualTo("Unknown Channel");
                assertThat(r.route()).isEqualTo("POST /channels/{channel_id}/messages");
              })
          .verify(TIMEOUT);
      assertThat(rest.invalidRequests()).isZero();
    }
  }

  @Test
  void aMissingPermissionIsForbiddenWithCode50013AndCounted() {
    fake.get().rest().forbiddenChannel(CHANNEL.asString());
    try (RestClient rest = Fakes.client(fake.get())) {
      StepVerifier.create(rest.createMessage(CHANNEL, "hello?"))
          .expectErrorSatisfies(
              e -> {
                RestException r = (RestException) e;
                assertThat(r.kind()).isEqualTo(RestException.Kind.FORBIDDEN);
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.code()).isEqualTo(50013);
                assertThat(r.discordMessage()).isEqualTo("Missing Permissions");
              })
          .verify(TIMEOUT);
      assertThat(rest.invalidRequests()).isEqualTo(1);
    }
  }

  @Test
  void aRefusedTokenIsUnauthorizedAndNeverShown() {
    String wrong = "MTAw.WRONG-secret.token";
    try (RestClient rest =
        RestClient.builder(BotToken.of(wrong)).apiUrl(fake.get().apiUrl()).build()) {
      StepVerifier.create(rest.createMessage(CHANNEL, "hello?"))
          .expectErrorSatisfies(
              e -> {
                assertThat(RestException.is(e, RestException.Kind.UNAUTHORIZED)).isTrue();
                assertThat(((RestException) e).status()).isEqualTo(401);
                assertThat(everything(e)).doesNotContain(wrong).doesNotContain("WRONG-secret");
              })
          .verify(TIMEOUT);
      assertThat(rest.toString()).doesNotContain(wrong);
      assertThat(rest.invalidRequests()).isEqualTo(1);
    }
  }

  @Test
  void theGuardRefusesLocallyBeforeTheInvalidRequestLimit() {
    fake.get().rest().forbiddenChannel(CHANNEL.asString());
    try (RestClient rest = Fakes.client(fake.get(), b -> b.invalidRequestLimit(3))) {
      for (int i = 0; i < 3; i++) {
        StepVerifier.create(rest.createMessage(CHANNEL, "no"))
            .expectErrorMatches(e -> RestException.is(e, RestException.Kind.FORBIDDEN))
            .verify(TIMEOUT);
      }
      StepVerifier.create(rest.createMessage(Fakes.OTHER_CHANNEL, "refused before any I/O"))
          .expectErrorSatisfies(
              e -> {
                assertThat(RestException.is(e, RestException.Kind.INVALID_REQUEST_LIMIT)).isTrue();
                assertThat(e.getMessage()).contains("3 invalid requests in 10 minutes");
              })
          .verify(TIMEOUT);
      assertThat(fake.get().rest().requests()).hasSize(3);
      assertThat(rest.invalidRequests()).isEqualTo(3);
    }
  }

  @Test
  void aConnectionFailureNamesTheRouteNotTheTokenOrTheInteractionToken() {
    int port = fake.get().port();
    fake.get().close();
    try (RestClient rest =
        RestClient.builder(BotToken.of(Fakes.TOKEN))
            .apiUrl("http://127.0.0.1:" + port + "/api/v10")
            .build()) {
      StepVerifier.create(
              rest.respond(
                  Fakes.interaction("SECRET-interaction-token"), InteractionResponse.deferred()))
          .expectErrorSatisfies(
              e -> {
                assertThat(RestException.is(e, RestException.Kind.CONNECTION)).isTrue();
                assertThat(e.getMessage())
                    .contains("/interactions/{interaction_id}/{interaction_token}/callback");
                assertThat(everything(e))
                    .doesNotContain(Fakes.TOKEN)
                    .doesNotContain("SECRET-interaction-token");
              })
          .verify(TIMEOUT);
    }
  }

  @Test
  void badOptionsAreRefusedWhereTheyAreSet() {
    RestClient.Builder b = RestClient.builder(BotToken.of(Fakes.TOKEN));
    assertThatThrownBy(() -> b.invalidRequestLimit(10_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.globalLimit(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.apiUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NewMessage.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NewMessage.of("x".repeat(2001)))
        .isInstanceOf(IllegalArgumentException.class);
    try (RestClient rest = b.build()) {
      assertThatThrownBy(() -> rest.createMessage(null, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("channel id");
      assertThatThrownBy(() -> rest.respond(Fakes.interaction(" "), InteractionResponse.deferred()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("interaction token");
    }
  }

  /** The exception, its causes and stack trace as text. */
  private static String everything(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out + " " + e;
  }
}
