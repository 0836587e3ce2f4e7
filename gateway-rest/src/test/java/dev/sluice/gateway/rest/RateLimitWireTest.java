package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.OTHER_CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeGatewayBuilder;
import dev.sluice.gateway.testkit.FakeRest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Discord's rate limits against the fake on loopback: buckets learned from headers and never
 * overrun, route, global and shared 429s waited out, and a burst that produces no 429 at all.
 */
class RateLimitWireTest {

  FakeGateway fake;
  RestClient rest;

  void start(
      FakeGatewayBuilder builder, java.util.function.UnaryOperator<RestClient.Builder> options) {
    fake = builder.token(Fakes.TOKEN).start();
    rest = Fakes.client(fake, options);
  }

  @AfterEach
  void stop() {
    if (rest != null) {
      rest.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  Flux<Message> posts(Snowflake channel, int count) {
    return Flux.range(0, count).flatMap(i -> rest.createMessage(channel, "m" + i), count);
  }

  @Test
  void anExhaustedBucketQueuesRequestsInsteadOfFiringThemIntoA429() {
    start(FakeGateway.builder().restRateLimit(5, Duration.ofMillis(300)), b -> b);
    StepVerifier.create(posts(CHANNEL, 12)).expectNextCount(12).expectComplete().verify(TIMEOUT);

    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).hasSize(12).allMatch(r -> r.status() == 200);
    assertThat(fake.rest().tooManyRequests()).isZero();
    // Three windows of five: the sixth and the eleventh waited for the resets (the times are
    // taken after each request was admitted, so allow for processing on a loaded machine).
    assertThat(Duration.between(seen.get(0).at(), seen.get(5).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(Duration.between(seen.get(0).at(), seen.get(10).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(550));
    assertThat(rest.invalidRequests()).isZero();
  }

  @Test
  void aBurstOf500RepliesToOneChannelGetsNo429() {
    start(
        FakeGateway.builder().restRateLimit(50, Duration.ofMillis(200)), b -> b.globalLimit(5000));
    Message original = rest.createMessage(CHANNEL, "!burst").block(TIMEOUT);
    Flux<Message> replies =
        Flux.range(0, 500)
            .flatMap(
                i ->
                    rest.reply(
                        CHANNEL,
                        original.id(),
                        NewMessage.of("reply " + i),
                        AllowedMentions.none()),
                500);
    // Ten windows at least; generous on a loaded machine.
    StepVerifier.create(replies)
        .expectNextCount(500)
        .expectComplete()
        .verify(Duration.ofSeconds(60));

    assertThat(fake.rest().tooManyRequests()).isZero();
    assertThat(fake.rest().messagesCreated()).isEqualTo(501);
    assertThat(rest.invalidRequests()).isZero();
  }

  @Test
  void aRoute429IsWaitedOutForItsRetryAfterAndCounted() {
    start(FakeGateway.builder().restRateLimit(5, Duration.ofSeconds(5)), b -> b);
    fake.rest().rateLimitNext(FakeRest.Scope.USER, Duration.ofMillis(250));
    StepVerifier.create(rest.createMessage(CHANNEL, "after a 429"))
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);

    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).extracting(FakeRest.Request::status).containsExactly(429, 200);
    assertThat(seen.get(0).scope()).isEqualTo("user");
    assertThat(Duration.between(seen.get(0).at(), seen.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(240));
    assertThat(rest.invalidRequests()).isEqualTo(1);
  }

  @Test
  void aGlobal429HoldsEveryGlobalRoute() {
    start(FakeGateway.builder(), b -> b);
    fake.rest().rateLimitNext(FakeRest.Scope.GLOBAL, Duration.ofMillis(300));
    Mono<Message> first = rest.createMessage(CHANNEL, "first");
    Mono<Message> other =
        Mono.fromRunnable(
                () ->
                    Fakes.await(
                        "the client to read the global 429", () -> rest.invalidRequests() == 1))
            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
            .then(rest.createMessage(OTHER_CHANNEL, "other channel"));
    StepVerifier.create(Flux.merge(first, other))
        .expectNextCount(2)
        .expectComplete()
        .verify(TIMEOUT);

    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).extracting(FakeRest.Request::status).containsExactly(429, 200, 200);
    assertThat(seen.get(0).scope()).isEqualTo("global");
    // The other channel's bucket had no limit of its own: only the global pause held it.
    assertThat(Duration.between(seen.get(0).at(), seen.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(280));
    assertThat(Duration.between(seen.get(0).at(), seen.get(2).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(280));
    assertThat(rest.invalidRequests()).isEqualTo(1);
  }

  @Test
  void aShared429IsWaitedOutButNotCountedAsInvalid() {
    start(FakeGateway.builder().restRateLimit(5, Duration.ofSeconds(5)), b -> b);
    fake.rest().rateLimitNext(FakeRest.Scope.SHARED, Duration.ofMillis(200));
    StepVerifier.create(rest.createMessage(CHANNEL, "shared"))
        .expectNextCount(1)
        .expectComplete()
        .verify(TIMEOUT);

    List<FakeRest.Request> seen = fake.rest().requests();
    assertThat(seen).extracting(FakeRest.Request::status).containsExactly(429, 200);
    assertThat(seen.get(0).scope()).isEqualTo("shared");
    assertThat(Duration.between(seen.get(0).at(), seen.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    assertThat(rest.invalidRequests()).isZero();
  }

  @Test
  void a429AfterTheLastRetryIsATypedError() {
    start(FakeGateway.builder(), b -> b.maxRateLimitRetries(1));
    fake.rest().rateLimitNext(FakeRest.Scope.USER, Duration.ofMillis(20));
    fake.rest().rateLimitNext(FakeRest.Scope.USER, Duration.ofMillis(20));
    StepVerifier.create(rest.createMessage(CHANNEL, "never"))
        .expectErrorSatisfies(
            e -> {
              assertThat(RestException.is(e, RestException.Kind.RATE_LIMITED)).isTrue();
              assertThat(((RestException) e).status()).isEqualTo(429);
            })
        .verify(TIMEOUT);
    assertThat(fake.rest().tooManyRequests()).isEqualTo(2);
  }
}
