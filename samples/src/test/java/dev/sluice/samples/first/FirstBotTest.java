// tag::file[]
package dev.sluice.samples.first;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.event.GuildCreate;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class FirstBotTest {

  // The fake accepts only this token; its first part is a base64 user id, as in Discord's tokens.
  static final String TOKEN = "MTAwMjAwMzAw.first.bot";
  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  final FakeGatewayExtension gateway = new FakeGatewayExtension(b -> b.token(TOKEN));

  FirstBot bot;

  @BeforeEach
  void createBot() {
    bot = new FirstBot(BotToken.of(TOKEN), gateway.get().apiUrl());
  }

  @AfterEach
  void closeBot() {
    bot.shards().close().block(WAIT);
  }

  @Test
  void identifiesWithItsPresenceAndGetsItsGuild() {
    StepVerifier.create(bot.shards().on(GuildCreate.class).take(1))
        .then(() -> bot.run().subscribe())
        .assertNext(g -> assertThat(g.id().asString()).isEqualTo(Events.DEFAULT_GUILD))
        .expectComplete()
        .verify(WAIT);
    Frame.Payload identify = gateway.get().transcript().awaitReceived(Opcode.IDENTIFY, 1, WAIT);
    assertThat(
            identify.dataTree().path("presence").path("activities").get(0).path("name").asString())
        .isEqualTo("!hello");
  }

  @Test
  void answersHelloAndNothingElse() {
    bot.run().subscribe();
    bot.shards().states().filter(s -> s.state().isReady()).blockFirst(WAIT);
    // Subscribed before the reply can come back (the events are hot).
    Mono<MessageCreate> echoed =
        bot.shards()
            .on(MessageCreate.class)
            .filter(m -> m.content().startsWith("Hello"))
            .next()
            .cache();
    echoed.subscribe();
    StepVerifier.create(bot.answers().take(1))
        .then(() -> gateway.get().dispatch("MESSAGE_CREATE", Events.messageCreate("hello?")))
        .then(() -> gateway.get().dispatch("MESSAGE_CREATE", Events.messageCreate("!hello")))
        .assertNext(
            answer -> {
              assertThat(answer.content()).isEqualTo("Hello, Mason!");
              assertThat(answer.channelId().asString()).isEqualTo(Events.DEFAULT_CHANNEL);
            })
        .expectComplete()
        .verify(WAIT);
    // The reply went over REST: the fake posts it back as MESSAGE_CREATE, as Discord does.
    StepVerifier.create(echoed)
        .assertNext(reply -> assertThat(reply.content()).isEqualTo("Hello, Mason!"))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void closingTheShardsClosesWith1000AndEndsRun() {
    StepVerifier.create(bot.run())
        .then(() -> bot.shards().states().filter(s -> s.state().isReady()).blockFirst(WAIT))
        .then(() -> bot.shards().close().block(WAIT))
        .expectComplete()
        .verify(WAIT);
    Frame.Closed closed = gateway.get().transcript().awaitClosing(1, WAIT);
    assertThat(closed.byClient()).isTrue();
    assertThat(closed.code()).hasValue(1000);
  }
}
// end::file[]
