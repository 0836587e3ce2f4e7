package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeRest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Connections a server closes: the nonce retry, the fake's idle close, the pool's own eviction. */
class ConnectionWireTest {

  FakeGateway fake;
  RestClient rest;

  @AfterEach
  void stop() {
    if (rest != null) {
      rest.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void aCreateWhoseConnectionClosesBeforeTheAnswerIsRetriedAndCreatesOneMessage() {
    fake = FakeGateway.builder().token(Fakes.TOKEN).start();
    rest = Fakes.client(fake);
    fake.rest().closeAfterNextRequest();
    StepVerifier.create(rest.createMessage(CHANNEL, "exactly once"))
        .assertNext(m -> assertThat(m.content()).isEqualTo("exactly once"))
        .expectComplete()
        .verify(TIMEOUT);

    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).extracting(FakeRest.Request::status).containsExactly(0, 200);
    JsonNode first = RestJson.MAPPER.readTree(seen.get(0).body());
    JsonNode second = RestJson.MAPPER.readTree(seen.get(1).body());
    assertThat(second.path("nonce").asString()).isEqualTo(first.path("nonce").asString());
    assertThat(second.path("enforce_nonce").asBoolean()).isTrue();
    assertThat(seen.get(1).connection()).isNotEqualTo(seen.get(0).connection());
    assertThat(fake.rest().messagesCreated()).isEqualTo(1);
    assertThat(fake.postedMessages()).hasSize(1);
  }

  @Test
  void resubscribingACreateAsksForTheSameMessage() {
    fake = FakeGateway.builder().token(Fakes.TOKEN).start();
    rest = Fakes.client(fake);
    Mono<Message> create = rest.createMessage(CHANNEL, "one message");
    Message first = create.block(TIMEOUT);
    Message again = create.block(TIMEOUT);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(fake.rest().messagesCreated()).isEqualTo(1);
    assertThat(rest.createMessage(CHANNEL, "one message").block(TIMEOUT).id())
        .isNotEqualTo(first.id());
  }

  @Test
  void aDeleteWhoseConnectionClosesBeforeTheAnswerFailsAsAConnectionError() {
    fake = FakeGateway.builder().token(Fakes.TOKEN).start();
    rest = Fakes.client(fake);
    Message sent = rest.createMessage(CHANNEL, "to delete").block(TIMEOUT);
    fake.rest().closeAfterNextRequest();
    StepVerifier.create(rest.deleteMessage(CHANNEL, sent.id()))
        .expectErrorSatisfies(
            e -> {
              assertThat(RestException.is(e, RestException.Kind.CONNECTION)).isTrue();
              assertThat(e.getMessage())
                  .contains("DELETE /channels/{channel_id}/messages/{message_id}");
            })
        .verify(TIMEOUT);
    assertThat(fake.rest().requests()).hasSize(2);
  }

  @Test
  void aConnectionTheServerClosedForIdlingIsNotReused() {
    fake = FakeGateway.builder().token(Fakes.TOKEN).restIdleTimeout(Duration.ofMillis(100)).start();
    rest = Fakes.client(fake);
    rest.createMessage(CHANNEL, "one").block(TIMEOUT);
    Fakes.await("the fake to close the idle connection", () -> fake.rest().idleClosed() == 1);
    StepVerifier.create(rest.createMessage(CHANNEL, "two"))
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);
    assertThat(fake.rest().connections()).isEqualTo(2);
    assertThat(fake.rest().messagesCreated()).isEqualTo(2);
  }

  @Test
  void pooledConnectionsIdleLongerThanMaxIdleTimeAreNotReused() {
    fake = FakeGateway.builder().token(Fakes.TOKEN).restIdleTimeout(Duration.ofSeconds(30)).start();
    rest = Fakes.client(fake, b -> b.maxIdleTime(Duration.ofMillis(100)));
    rest.createMessage(CHANNEL, "one").block(TIMEOUT);
    // Idle past the client's limit but well within the server's: the client must not reuse it.
    StepVerifier.create(Mono.delay(Duration.ofMillis(250)).then(rest.createMessage(CHANNEL, "two")))
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);
    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).connection()).isNotEqualTo(seen.get(0).connection());
    assertThat(fake.rest().idleClosed()).isZero();
  }
}
