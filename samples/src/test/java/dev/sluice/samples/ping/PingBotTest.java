package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** How a user tests a bot: the real bot, the fake gateway, StepVerifier. */
class PingBotTest {

  // tag::extension[]
  static final String TOKEN = "MTAwMjAwMzAw.user.test";

  @RegisterExtension
  final FakeGatewayExtension gateway =
      new FakeGatewayExtension(b -> b.token(TOKEN).heartbeatInterval(Duration.ofSeconds(1)));

  // end::extension[]

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"ZLIB_STREAM", "ZSTD_STREAM"})
  void answersPingEvenAfterAZombieResume(Compression compression) {
    // tag::test[]
    PingBot bot = new PingBot(BotToken.of(TOKEN), gateway.get().apiUrl(), 1, compression);
    Disposable running = bot.run().subscribe();
    try {
      bot.shards.states().filter(s -> s.state().isReady()).blockFirst(Duration.ofSeconds(10));
      StepVerifier.create(
              bot.shards.on(MessageCreate.class).filter(m -> !m.content().equals("pong")).take(2))
          .then(() -> gateway.get().dispatch("MESSAGE_CREATE", Events.messageCreate("!ping")))
          .assertNext(m -> assertThat(m.content()).isEqualTo("!ping"))
          .then(gateway.get()::stopAcks) // the next heartbeat goes unanswered: a zombie
          .then(() -> gateway.get().withholdHello(true)) // the reconnection waits for Hello
          .then(
              () ->
                  gateway
                      .get()
                      .transcript()
                      .awaitClosing(1, Duration.ofSeconds(10))) // the zombie close
          // No connection holds the session: the fake keeps this for the replay.
          .then(() -> gateway.get().dispatch("MESSAGE_CREATE", Events.messageCreate("again")))
          .then(gateway.get()::resumeAcks)
          .then(() -> gateway.get().withholdHello(false)) // Hello, Resume, the replay
          .assertNext(m -> assertThat(m.content()).isEqualTo("again")) // replayed after the Resume
          .expectComplete()
          .verify(Duration.ofSeconds(20));
      Frame.Payload resume =
          gateway.get().transcript().awaitReceived(Opcode.RESUME, 1, Duration.ofSeconds(5));
      Frame.Payload again =
          gateway
              .get()
              .transcript()
              .select(Frame.Payload.class, p -> p.json().contains("\"again\""))
              .get(0); // sent once
      assertThat(again.connection()).isEqualTo(resume.connection()); // not live on the zombie
      assertThat(gateway.get().transcript().received(Opcode.RESUME)).hasSize(1);
      assertThat(gateway.get().postedMessages()).extracting(p -> p.content()).contains("pong");
    } finally {
      running.dispose();
    }
    // end::test[]
  }
}
