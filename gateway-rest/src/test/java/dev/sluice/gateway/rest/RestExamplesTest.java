package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static dev.sluice.gateway.rest.Fakes.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.model.Interaction;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.FakeRest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The examples of docs/rest.md (tagged regions), run against the fake. */
class RestExamplesTest {

  @RegisterExtension
  final FakeGatewayExtension fake = new FakeGatewayExtension(b -> b.token(TOKEN));

  RestClient client() {
    // tag::build[]
    RestClient rest =
        RestClient.builder(BotToken.of(TOKEN)) // e.g. System.getenv("DISCORD_TOKEN")
            .apiUrl(fake.get().apiUrl()) // leave out for https://discord.com/api/v10
            .build(); // share one client; close() it at shutdown
    // end::build[]
    return rest;
  }

  @Test
  void replyingToAMessage() {
    try (RestClient rest = client()) {
      Message incoming = rest.createMessage(CHANNEL, "!ping").block(TIMEOUT);
      // tag::reply[]
      Mono<Message> pong = rest.reply(incoming, "pong"); // a reply that pings no one
      Mono<Message> mention =
          rest.reply(
              incoming.channelId(),
              incoming.id(),
              NewMessage.of("pong <@" + incoming.author().id() + ">"),
              AllowedMentions.none().withRepliedUser(true)); // pings the author only
      // end::reply[]
      StepVerifier.create(pong.then(mention))
          .assertNext(m -> assertThat(m.content()).startsWith("pong <@"))
          .expectComplete()
          .verify(TIMEOUT);
      assertThat(fake.get().rest().messagesCreated()).isEqualTo(3);
    }
  }

  @Test
  void editingAndDeleting() {
    try (RestClient rest = client()) {
      // tag::edit[]
      Mono<Void> flow =
          rest.createMessage(CHANNEL, "working...")
              .flatMap(
                  sent -> rest.editMessage(sent.channelId(), sent.id(), MessageEdit.of("done")))
              .delayElement(Duration.ofMillis(50))
              .flatMap(edited -> rest.deleteMessage(edited.channelId(), edited.id()));
      // end::edit[]
      StepVerifier.create(flow).expectComplete().verify(TIMEOUT);
      assertThat(fake.get().rest().messages()).isEmpty();
    }
  }

  @Test
  void answeringAnInteraction() {
    Interaction interaction = Fakes.interaction("example.token");
    try (RestClient rest = client()) {
      // tag::interaction[]
      Mono<Message> answer =
          rest.respond(interaction, InteractionResponse.deferred()) // within 3 s
              .then(rest.editOriginalResponse(interaction, MessageEdit.of("done")))
              .then(rest.createFollowup(interaction, NewMessage.of("one more thing")));
      // end::interaction[]
      StepVerifier.create(answer)
          .assertNext(m -> assertThat(m.content()).isEqualTo("one more thing"))
          .expectComplete()
          .verify(TIMEOUT);
    }
  }

  @Test
  void handlingErrorsByKind() {
    Snowflake channelId = Snowflake.of(5);
    fake.get().rest().forbiddenChannel(channelId.asString());
    try (RestClient rest = client()) {
      // tag::errors[]
      Mono<Message> sent =
          rest.createMessage(channelId, "hello")
              .onErrorResume(
                  e -> RestException.is(e, RestException.Kind.FORBIDDEN), // e.g. code 50013
                  e -> Mono.empty()); // no permission here: skip, do not retry
      // end::errors[]
      StepVerifier.create(sent).expectComplete().verify(TIMEOUT);
    }
  }

  @Test
  void testingAgainstTheFake() {
    Snowflake channel = CHANNEL;
    // tag::fake[]
    try (FakeGateway fake =
            FakeGateway.builder().token(TOKEN).restRateLimit(5, Duration.ofMillis(200)).start();
        RestClient rest = RestClient.builder(BotToken.of(TOKEN)).apiUrl(fake.apiUrl()).build()) {
      fake.rest().rateLimitNext(FakeRest.Scope.SHARED, Duration.ofMillis(100));
      StepVerifier.create(Flux.range(0, 20).flatMap(i -> rest.createMessage(channel, "m" + i)))
          .expectNextCount(20)
          .expectComplete()
          .verify(Duration.ofSeconds(10));
      assertThat(fake.rest().tooManyRequests()).isEqualTo(1); // only the scripted one
      assertThat(fake.rest().messagesCreated()).isEqualTo(20);
    }
    // end::fake[]
  }
}
