package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.model.Interaction;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.FakeRest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Messages, replies and interactions against the fake's REST side, on loopback. */
class RestClientWireTest {

  @RegisterExtension
  final FakeGatewayExtension fake = new FakeGatewayExtension(b -> b.token(Fakes.TOKEN));

  RestClient rest;

  @BeforeEach
  void client() {
    rest = Fakes.client(fake.get());
  }

  @AfterEach
  void close() {
    rest.close();
  }

  @Test
  void createsAMessageWithANonceDiscordEnforces() {
    StepVerifier.create(rest.createMessage(CHANNEL, "pong"))
        .assertNext(
            m -> {
              assertThat(m.content()).isEqualTo("pong");
              assertThat(m.channelId()).isEqualTo(CHANNEL);
              assertThat(m.id()).isNotNull();
              assertThat(m.author().id()).isEqualTo(Snowflake.of(100));
            })
        .expectComplete()
        .verify(TIMEOUT);
    JsonNode body = RestJson.MAPPER.readTree(fake.get().rest().requests().get(0).body());
    assertThat(body.path("nonce").asString()).isNotEmpty().hasSizeLessThanOrEqualTo(25);
    assertThat(body.path("enforce_nonce").asBoolean()).isTrue();
    assertThat(fake.get().postedMessages())
        .singleElement()
        .extracting(p -> p.content())
        .isEqualTo("pong");
  }

  @Test
  void repliesWithAMessageReferenceAndNoPings() {
    Message original = rest.createMessage(CHANNEL, "!ping").block(TIMEOUT);
    StepVerifier.create(rest.reply(original, "pong <@1>"))
        .assertNext(m -> assertThat(m.content()).isEqualTo("pong <@1>"))
        .expectComplete()
        .verify(TIMEOUT);
    JsonNode body = RestJson.MAPPER.readTree(fake.get().rest().requests().get(1).body());
    assertThat(body.path("message_reference").path("message_id").asString())
        .isEqualTo(original.id().asString());
    assertThat(body.path("message_reference").path("fail_if_not_exists").asBoolean(true)).isFalse();
    assertThat(body.path("allowed_mentions").path("parse").isArray()).isTrue();
    assertThat(body.path("allowed_mentions").path("parse").size()).isZero();
    assertThat(body.path("allowed_mentions").path("replied_user").asBoolean(true)).isFalse();
  }

  @Test
  void editsAndDeletesItsOwnMessages() {
    Message sent = rest.createMessage(CHANNEL, "draft").block(TIMEOUT);
    StepVerifier.create(rest.editMessage(CHANNEL, sent.id(), MessageEdit.of("final")))
        .assertNext(
            m -> {
              assertThat(m.id()).isEqualTo(sent.id());
              assertThat(m.content()).isEqualTo("final");
              assertThat(m.editedTimestamp()).isNotNull();
            })
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(rest.deleteMessage(CHANNEL, sent.id())).expectComplete().verify(TIMEOUT);
    assertThat(fake.get().rest().messages()).isEmpty();
    StepVerifier.create(rest.deleteMessage(CHANNEL, sent.id()))
        .expectErrorSatisfies(
            e -> {
              assertThat(RestException.is(e, RestException.Kind.NOT_FOUND)).isTrue();
              assertThat(((RestException) e).code()).isEqualTo(10008);
            })
        .verify(TIMEOUT);
  }

  @Test
  void answersAnInteractionThenEditsTheOriginalAndSendsFollowups() {
    Interaction interaction = Fakes.interaction("aW50ZXJhY3Rpb24.token");
    StepVerifier.create(
            rest.respond(interaction, InteractionResponse.message(NewMessage.of("thinking"))))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(rest.editOriginalResponse(interaction, MessageEdit.of("done")))
        .assertNext(m -> assertThat(m.content()).isEqualTo("done"))
        .expectComplete()
        .verify(TIMEOUT);
    Message followup = rest.createFollowup(interaction, NewMessage.of("more")).block(TIMEOUT);
    assertThat(followup.content()).isEqualTo("more");
    StepVerifier.create(rest.editFollowup(interaction, followup.id(), MessageEdit.of("less")))
        .assertNext(m -> assertThat(m.content()).isEqualTo("less"))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(rest.deleteFollowup(interaction, followup.id()))
        .expectComplete()
        .verify(TIMEOUT);
    StepVerifier.create(rest.deleteOriginalResponse(interaction)).expectComplete().verify(TIMEOUT);
    assertThat(fake.get().rest().messages()).isEmpty();

    FakeRest.Request callback = fake.get().rest().requests().get(0);
    assertThat(callback.path()).endsWith("/callback");
    assertThat(RestJson.MAPPER.readTree(callback.body()).path("type").asInt()).isEqualTo(4);
  }

  @Test
  void aSecondCallbackForOneInteractionIsABadRequest() {
    Interaction interaction = Fakes.interaction("once.token");
    rest.respond(interaction, InteractionResponse.deferred()).block(TIMEOUT);
    StepVerifier.create(rest.respond(interaction, InteractionResponse.ephemeral("again")))
        .expectErrorSatisfies(
            e -> {
              assertThat(RestException.is(e, RestException.Kind.BAD_REQUEST)).isTrue();
              assertThat(((RestException) e).code()).isEqualTo(40060);
              assertThat(e.getMessage()).doesNotContain("once.token");
            })
        .verify(TIMEOUT);
  }
}
