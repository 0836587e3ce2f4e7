package dev.sluice.samples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import dev.sluice.gateway.testkit.Transcript;
import dev.sluice.gateway.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * The worked example of docs/testing.md ("In virtual time"): a client and the fake gateway on one
 * {@link VirtualClock}. Repeated 200 times in every build: each step waits for what it depends on,
 * so every run takes the same path.
 */
class VirtualTimeTest {

  static final String TOKEN = "MTAwMjAwMzAw.virtual.time";
  static final Duration WAIT = Duration.ofSeconds(10); // real time, for frames over loopback

  // tag::virtual-time[]
  @RepeatedTest(200)
  void aZombieResumesWithTheMissedEventReplayedAndOp9WaitsBeforeIdentifying() {
    VirtualClock clock = VirtualClock.create();
    try (FakeGateway fake =
        FakeGateway.builder()
            .token(TOKEN)
            .heartbeatInterval(Duration.ofSeconds(10))
            .scheduler(clock) // the identify window and the transcript's times are virtual too
            .start()) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(fake.url())
              .scheduler(clock)
              .jitter(() -> 0.5) // first heartbeat after 5 s; after op 9, 1 s + 4 s × 0.5 = 3 s
              .build();
      Disposable running = client.connect().subscribe();
      try {
        client.state().filter(GatewayState::isReady).blockFirst(WAIT);
        Transcript transcript = fake.transcript();
        StepVerifier.create(client.on(MessageCreate.class).map(MessageCreate::content).take(2))
            .then(() -> fake.dispatch("MESSAGE_CREATE", Events.messageCreate("live")))
            .expectNext("live")
            .then(fake::stopAcks) // heartbeats go unanswered from now on
            .then(() -> fake.withholdHello(true)) // and the next connection waits for Hello
            .then(() -> clock.advanceWhenArmed(Duration.ofSeconds(5), WAIT)) // first heartbeat
            .then(() -> transcript.awaitReceived(Opcode.HEARTBEAT, 1, WAIT))
            .then(() -> clock.advance(Duration.ofSeconds(10))) // the next is due: a zombie
            .then(() -> transcript.awaitClosing(1, WAIT)) // closed by the client, resumably
            .then(() -> transcript.awaitOpening(2, WAIT)) // reconnected, no Hello yet
            // No connection holds the session now: the fake keeps the event for the replay.
            .then(() -> fake.dispatch("MESSAGE_CREATE", Events.messageCreate("missed")))
            .then(fake::resumeAcks)
            .then(() -> fake.withholdHello(false)) // Hello, then Resume, then the replay
            .expectNext("missed")
            .expectComplete()
            .verify(WAIT);

        Frame.Closed zombie = transcript.closings().get(0);
        assertThat(zombie.byClient()).isTrue();
        assertThat(zombie.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
        Frame.Payload resume = transcript.awaitReceived(Opcode.RESUME, 1, WAIT);
        Frame.Payload missed =
            transcript
                .select(Frame.Payload.class, p -> p.isDispatch("MESSAGE_CREATE"))
                .get(1); // sent once: replayed on the new connection, after its Resume
        assertThat(missed.connection()).isEqualTo(resume.connection()).isEqualTo(2);
        assertThat(transcript.all().indexOf(missed))
            .isGreaterThan(transcript.all().indexOf(resume));
        assertThat(missed.data()).contains("\"missed\"");

        fake.invalidSession(false); // op 9: the session is gone
        transcript.awaitNth(
            Frame.Payload.class, p -> p.opcode() == Opcode.INVALID_SESSION, 1, WAIT, "op 9");
        clock.advanceWhenArmed(
            Duration.ofSeconds(3), WAIT); // the client's wait before it identifies
        Frame.Payload identify = transcript.awaitReceived(Opcode.IDENTIFY, 2, WAIT);
        transcript.awaitDispatched("READY", 2, WAIT);
        Frame.Payload op9 = transcript.sent(Opcode.INVALID_SESSION).get(0);
        assertThat(Duration.between(op9.at(), identify.at())).isEqualTo(Duration.ofSeconds(3));
        assertThat(fake.sessionsStarted()).isEqualTo(2);
        assertThat(fake.concurrencyViolations()).isZero();
      } finally {
        running.dispose();
        clock.dispose();
      }
    }
  }
  // end::virtual-time[]
}
