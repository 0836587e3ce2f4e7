package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.DisconnectReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Servers that behave differently from Discord's, and sessions that are lost, in virtual time
 * against an in-memory transport (docs/protocol.md, "Tolerance").
 */
class GatewayClientToleranceTest {

  final MemoryTransport transport = new MemoryTransport();
  final List<GatewayState> states = new CopyOnWriteArrayList<>();

  GatewayClient client() {
    GatewayClient client =
        GatewayClient.builder(BotToken.of("MTAw.tolerance.test"))
            .gatewayUrl("wss://gateway.test")
            .compression(Compression.NONE)
            .jitter(() -> 0.5)
            .transport(transport)
            .build();
    Disposable watching = client.state().subscribe(states::add);
    return client;
  }

  static String dispatch(long s, String type, String d) {
    return "{\"t\":\"" + type + "\",\"s\":" + s + ",\"op\":0,\"d\":" + d + "}";
  }

  static String readyWithoutResumeUrl(long s) {
    return dispatch(s, "READY", "{\"session_id\":\"abc\"}");
  }

  static String ready(long s) {
    return dispatch(s, "READY", "{\"session_id\":\"abc\",\"resume_gateway_url\":\"wss://r.test\"}");
  }

  @Test
  void readyWithoutResumeUrlKeepsTheSessionAndResumesWhereItConnected() {
    StepVerifier.withVirtualTime(() -> client().connect())
        .expectSubscription()
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(readyWithoutResumeUrl(1)))
        .then(() -> transport.last().push(dispatch(2, "MESSAGE_CREATE", "{}")))
        .thenAwait(Duration.ofSeconds(1))
        .then(() -> assertThat(states).anyMatch(GatewayState::isReady))
        .then(() -> assertThat(transport.urls).hasSize(1)) // not closed after READY
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ofSeconds(1))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .then(() -> assertThat(transport.urls.get(1)).startsWith("wss://gateway.test/?v=10"))
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .then(
            () ->
                assertThat(transport.last().sentWithOp(6))
                    .singleElement()
                    .asString()
                    .contains("\"session_id\":\"abc\"")
                    .contains("\"seq\":2"))
        .then(() -> assertThat(transport.last().sentWithOp(2)).isEmpty())
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aConnectionWithoutHelloIsAbandonedAfterTenSecondsByDefault() {
    StepVerifier.withVirtualTime(() -> client().connect())
        .expectSubscription()
        .thenAwait(Duration.ofMillis(9_999))
        .then(() -> assertThat(transport.urls).hasSize(1))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(transport.connections.get(0).clientClose).isEqualTo(4900))
        .then(
            () ->
                assertThat(states)
                    .anySatisfy(
                        s ->
                            assertThat(s)
                                .isInstanceOfSatisfying(
                                    GatewayState.Disconnected.class,
                                    d ->
                                        assertThat(d.reason())
                                            .isEqualTo(
                                                new DisconnectReason.Resumable(
                                                    DisconnectReason.Cause.HELLO_TIMEOUT, -1)))))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  /** Starts a session and loses its connection, so the next connection resumes. */
  StepVerifier.Step<Void> resuming(StepVerifier.FirstStep<Void> start) {
    return start
        .expectSubscription()
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(ready(1)))
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .then(() -> assertThat(transport.last().sentWithOp(6)).hasSize(1));
  }

  @Test
  void aSlowReplayIsNotCutShortButAResumeWithoutProgressIsGivenUpAfterTwentySeconds() {
    resuming(StepVerifier.withVirtualTime(() -> client().connect()))
        // a long replay: a dispatch every 12 s for over half a minute is progress
        .then(() -> transport.last().push(dispatch(2, "MESSAGE_CREATE", "{}")))
        .thenAwait(Duration.ofSeconds(12))
        .then(() -> transport.last().push(dispatch(3, "MESSAGE_CREATE", "{}")))
        .thenAwait(Duration.ofSeconds(12))
        .then(() -> transport.last().push(GatewayClientTimingTest.ACK))
        .then(() -> transport.last().push(dispatch(4, "MESSAGE_CREATE", "{}")))
        // 24 s into the replay, still on: then silence (the heartbeat was acknowledged), and
        // 20 s without progress end it
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenAwait(Duration.ofMillis(19_999))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenAwait(Duration.ofSeconds(2))
        .then(() -> assertThat(transport.connections.get(1).clientClose).isEqualTo(4900))
        .then(() -> assertThat(transport.urls).hasSize(3)) // and resumes again, from seq 4
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .then(
            () ->
                assertThat(transport.last().sentWithOp(6))
                    .singleElement()
                    .asString()
                    .contains("\"seq\":4"))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aResumeUnansweredThreeTimesLosesTheSessionVisiblyAndIdentifiesAnew() {
    StepVerifier.Step<Void> step =
        resuming(StepVerifier.withVirtualTime(() -> client().connect()))
            .then(() -> transport.last().push(dispatch(2, "MESSAGE_CREATE", "{}")));
    for (int attempt = 0; attempt < 2; attempt++) {
      step =
          step.thenAwait(Duration.ofSeconds(21))
              .thenAwait(Duration.ofSeconds(5)) // the backoff after a failed connection
              .then(() -> transport.last().push(GatewayClientTimingTest.hello()));
    }
    step.thenAwait(Duration.ofSeconds(21))
        .thenAwait(Duration.ofSeconds(10))
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> assertThat(transport.last().sentWithOp(2)).hasSize(1)) // a new session
        .then(
            () ->
                assertThat(states)
                    .filteredOn(GatewayState.SessionLost.class::isInstance)
                    .singleElement()
                    .satisfies(
                        s -> {
                          GatewayState.SessionLost lost = (GatewayState.SessionLost) s;
                          assertThat(lost.session().sessionId()).isEqualTo("abc");
                          assertThat(lost.session().sequence()).isEqualTo(2);
                        }))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void anInvalidSessionThatCannotResumeIsReportedWithTheLastSequenceDelivered() {
    StepVerifier.withVirtualTime(() -> client().connect())
        .expectSubscription()
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(ready(1)))
        .then(() -> transport.last().push(dispatch(7, "MESSAGE_CREATE", "{}")))
        .then(() -> transport.last().push("{\"t\":null,\"s\":null,\"op\":9,\"d\":false}"))
        .thenAwait(Duration.ofMillis(10))
        .then(
            () ->
                assertThat(states)
                    .filteredOn(GatewayState.SessionLost.class::isInstance)
                    .singleElement()
                    .satisfies(
                        s -> {
                          GatewayState.SessionLost lost = (GatewayState.SessionLost) s;
                          assertThat(lost.session().sequence()).isEqualTo(7);
                          assertThat(lost.reason())
                              .isEqualTo(new DisconnectReason.InvalidSession(false));
                        }))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }
}
