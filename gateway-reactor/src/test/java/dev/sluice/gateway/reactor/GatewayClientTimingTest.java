package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** Every timer of the client, in virtual time, against an in-memory transport. */
class GatewayClientTimingTest {

  static final long INTERVAL = 41_250;
  final MemoryTransport transport = new MemoryTransport();

  GatewayClient build(double jitter, UnaryOperator<GatewayClient.Builder> extra) {
    return extra
        .apply(
            GatewayClient.builder(BotToken.of("MTAw.timing.test"))
                .gatewayUrl("wss://gateway.test")
                .compression(Compression.NONE)
                .jitter(() -> jitter)
                .transport(transport))
        .build();
  }

  static String hello() {
    return "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":" + INTERVAL + "}}";
  }

  static String ready(long s) {
    return "{\"t\":\"READY\",\"s\":"
        + s
        + ",\"op\":0,\"d\":{\"session_id\":\"abc\",\"resume_gateway_url\":\"wss://resume.test\"}}";
  }

  static final String ACK = "{\"t\":null,\"s\":null,\"op\":11,\"d\":null}";

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.37, 0.999})
  void firstHeartbeatComesAtIntervalTimesJitterThenEveryInterval(double jitter) {
    long firstNanos = (long) (Duration.ofMillis(INTERVAL).toNanos() * jitter);
    long first = (firstNanos + 999_999) / 1_000_000; // the first whole millisecond at or after it
    StepVerifier.withVirtualTime(
            () ->
                build(
                        jitter,
                        b ->
                            b.timeouts(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(5)))
                    .connect())
        .expectSubscription()
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(Math.max(0, first - 1)))
        .then(
            () ->
                assertThat(transport.last().sentWithOp(1))
                    .as("before %d ms", first)
                    .hasSize(first == 0 ? 1 : 0))
        .thenAwait(Duration.ofMillis(first == 0 ? 0 : 1))
        .then(() -> assertThat(transport.last().sentWithOp(1)).hasSize(1))
        .then(() -> transport.last().push(ACK))
        .thenAwait(Duration.ofMillis(INTERVAL))
        .then(() -> assertThat(transport.last().sentWithOp(1)).hasSize(2))
        .then(() -> assertThat(first).isBetween(0L, INTERVAL))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void missedAckClosesWith4900AndResumesOnTheResumeUrl() {
    StepVerifier.withVirtualTime(() -> build(0.5, b -> b).connect())
        .expectSubscription()
        .then(
            () -> {
              transport.last().push(hello());
            })
        .thenAwait(Duration.ofMillis(300)) // identify limiter grants at once; READY follows
        .then(() -> transport.last().push(ready(1)))
        .thenAwait(
            Duration.ofMillis(INTERVAL / 2 + INTERVAL)) // first beat, then the next is due un-ACKed
        .then(
            () ->
                assertThat(transport.connections.get(0).clientClose)
                    .isEqualTo(GatewayCloseCode.RESUMABLE_CLOSURE))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .then(() -> assertThat(transport.urls.get(1)).startsWith("wss://resume.test/?v=10"))
        .then(() -> transport.last().push(hello()))
        .then(
            () ->
                assertThat(transport.last().sentWithOp(6))
                    .singleElement()
                    .asString()
                    .contains("\"seq\":1"))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void invalidSessionWaitsBetweenOneAndFiveSeconds(boolean resumable) {
    for (double jitter : new double[] {0.0, 0.999}) {
      MemoryTransport t = new MemoryTransport();
      long expected = 1000 + Math.round(4000 * jitter);
      StepVerifier.withVirtualTime(
              () ->
                  GatewayClient.builder(BotToken.of("MTAw.timing.test"))
                      .gatewayUrl("wss://gateway.test")
                      .compression(Compression.NONE)
                      .jitter(() -> jitter)
                      .transport(t)
                      .build()
                      .connect())
          .expectSubscription()
          .then(() -> t.last().push(hello()))
          .thenAwait(Duration.ofMillis(300))
          .then(() -> t.last().push(ready(1)))
          .then(() -> t.last().push("{\"t\":null,\"s\":null,\"op\":9,\"d\":" + resumable + "}"))
          .thenAwait(Duration.ofMillis(expected - 1))
          .then(() -> assertThat(t.urls).as("jitter %s", jitter).hasSize(1))
          .thenAwait(Duration.ofMillis(1))
          .then(() -> assertThat(t.urls).hasSize(2))
          .then(() -> assertThat(expected).isBetween(1000L, 5000L))
          .then(() -> t.last().push(hello()))
          .thenAwait(Duration.ofSeconds(6))
          .then(() -> assertThat(t.last().sentWithOp(resumable ? 6 : 2)).hasSize(1))
          .then(() -> assertThat(t.last().sentWithOp(resumable ? 2 : 6)).isEmpty())
          .thenCancel()
          .verify(Duration.ofSeconds(5));
    }
  }

  @Test
  void failedConnectionsBackOffExponentiallyWithJitterUpToTheCap() {
    transport.refuse = true;
    // jitter 0: the full step; 1, 2, 4, ... 32, then the 60 s cap.
    StepVerifier.withVirtualTime(() -> build(0.0, b -> b).connect())
        .expectSubscription()
        .then(() -> assertThat(transport.urls).hasSize(1))
        .thenAwait(Duration.ofMillis(999))
        .then(() -> assertThat(transport.urls).hasSize(1))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenAwait(Duration.ofSeconds(2))
        .then(() -> assertThat(transport.urls).hasSize(3))
        .thenAwait(Duration.ofSeconds(4 + 8 + 16 + 32))
        .then(() -> assertThat(transport.urls).hasSize(7))
        .thenAwait(Duration.ofSeconds(59))
        .then(() -> assertThat(transport.urls).as("capped at 60 s").hasSize(7))
        .thenAwait(Duration.ofSeconds(1))
        .then(() -> assertThat(transport.urls).hasSize(8))
        .thenAwait(Duration.ofSeconds(60))
        .then(() -> assertThat(transport.urls).hasSize(9))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void jitterShortensTheBackoffStepByUpToHalf() {
    ReconnectSpec spec = ReconnectSpec.defaults();
    var reason =
        new dev.sluice.gateway.core.DisconnectReason.Resumable(
            dev.sluice.gateway.core.DisconnectReason.Cause.CONNECTION_LOST, -1);
    assertThat(spec.delay(reason, 3, 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(spec.delay(reason, 3, 0.999))
        .isBetween(Duration.ofMillis(2000), Duration.ofMillis(2010));
    assertThat(spec.delay(reason, 0, 0.5)).isZero();
    assertThat(spec.delay(reason, 40, 0.0)).isEqualTo(Duration.ofSeconds(60));
    transport.refuse = true;
    StepVerifier.withVirtualTime(() -> build(0.999, b -> b).connect())
        .expectSubscription()
        .thenAwait(Duration.ofMillis(501))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  static String resumed(long s) {
    return "{\"t\":\"RESUMED\",\"s\":" + s + ",\"op\":0,\"d\":{}}";
  }

  @Test
  void aGatewayDroppingEachResumedSessionBeforeAnAckIsReconnectedToWithBackoff() {
    StepVerifier.withVirtualTime(() -> build(0.5, b -> b).connect())
        .expectSubscription()
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(ready(1)))
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ZERO)
        .then(() -> assertThat(transport.urls).as("the first drop: at once").hasSize(2))
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> transport.last().push(resumed(2)))
        .then(() -> transport.last().serverClose(4000))
        // the first step (1 s) shortened by jitter 0.5 x random 0.5: 750 ms
        .thenAwait(Duration.ofMillis(749))
        .then(() -> assertThat(transport.urls).as("the second in a row: backs off").hasSize(2))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(transport.urls).hasSize(3))
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> transport.last().push(resumed(3)))
        .thenAwait(Duration.ofMillis(INTERVAL)) // the first heartbeat went out
        .then(
            () ->
                assertThat(transport.last().sentWithOp(1))
                    .as("sent %s; urls %s", transport.last().sent, transport.urls)
                    .isNotEmpty())
        .then(() -> transport.last().push(ACK))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ZERO)
        .then(() -> assertThat(transport.urls).as("acknowledged: healthy again").hasSize(4))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void firstReconnectAfterAHealthyConnectionIsImmediate() {
    StepVerifier.withVirtualTime(() -> build(0.5, b -> b).connect())
        .expectSubscription()
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(ready(1)))
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ZERO)
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void helloTimeoutClosesAndReconnects() {
    StepVerifier.withVirtualTime(
            () ->
                build(
                        0.5,
                        b ->
                            b.timeouts(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(20),
                                Duration.ofSeconds(30)))
                    .connect())
        .expectSubscription()
        .thenAwait(Duration.ofMillis(19_999))
        .then(() -> assertThat(transport.last().clientClose).isZero())
        .thenAwait(Duration.ofMillis(1))
        .then(
            () ->
                assertThat(transport.connections.get(0).clientClose)
                    .isEqualTo(GatewayCloseCode.RESUMABLE_CLOSURE))
        .thenAwait(Duration.ofSeconds(1))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void readyTimeoutClosesAndReconnects() {
    StepVerifier.withVirtualTime(
            () ->
                build(
                        0.5,
                        b ->
                            b.timeouts(
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(20),
                                Duration.ofSeconds(30)))
                    .connect())
        .expectSubscription()
        .then(() -> transport.last().push(hello()))
        .thenAwait(Duration.ofMillis(100))
        .then(() -> assertThat(transport.last().sentWithOp(2)).hasSize(1))
        .then(() -> transport.last().push(ACK))
        .thenAwait(Duration.ofSeconds(29))
        .then(() -> assertThat(transport.urls).hasSize(1))
        .thenAwait(Duration.ofSeconds(2))
        .then(
            () ->
                assertThat(transport.connections.get(0).clientClose)
                    .isEqualTo(GatewayCloseCode.RESUMABLE_CLOSURE))
        .then(() -> assertThat(transport.urls).hasSize(2))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }
}
