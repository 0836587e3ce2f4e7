package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.event.Ready;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.Frame;
import dev.sluice.gateway.testkit.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The client against the fake gateway over loopback, asserting on the wire transcript; every test
 * runs over zlib-stream and over zstd-stream.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
@ParameterizedClass
@EnumSource(
    value = Compression.class,
    names = {"ZLIB_STREAM", "ZSTD_STREAM"})
class GatewayClientWireTest {

  @Parameter Compression compression;

  static final String TOKEN = "MTAwMjAwMzAw.wire.test";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(b -> b.token(TOKEN).heartbeatInterval(Duration.ofMillis(400)));

  final List<Disposable> running = new CopyOnWriteArrayList<>();
  final List<GatewayState> states = new CopyOnWriteArrayList<>();

  GatewayClient client(UnaryOperator<GatewayClient.Builder> extra) {
    GatewayClient.Builder builder =
        GatewayClient.builder(BotToken.of(TOKEN))
            .gatewayUrl(fake.get().url())
            .compression(compression)
            .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES))
            .reconnect(
                ReconnectSpec.defaults()
                    .withFirstBackoff(Duration.ofMillis(100))
                    .withInvalidSessionWait(Duration.ofMillis(1000), Duration.ofMillis(1200)));
    GatewayClient client = extra.apply(builder).build();
    running.add(client.state().subscribe(states::add));
    return client;
  }

  GatewayClient started(UnaryOperator<GatewayClient.Builder> extra) {
    GatewayClient client = client(extra);
    running.add(client.connect().subscribe(null, e -> {}));
    return client;
  }

  @AfterEach
  void stop() {
    running.forEach(Disposable::dispose);
  }

  /** Waits until the client has been READY (or RESUMED) {@code count} times since it was built. */
  void awaitReady(GatewayClient client, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (states.stream().filter(GatewayState::isReady).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not ready "
                + count
                + " times; states "
                + states
                + "\n"
                + fake.get().transcript().dump());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void identifiesGetsReadyAndDeliversTypedEvents() {
    GatewayClient client = client(b -> b);
    StepVerifier.create(
            client
                .on(MessageCreate.class)
                .take(1)
                .doOnSubscribe(s -> running.add(client.connect().subscribe())),
            1)
        .then(
            () -> {
              awaitReady(client, 1);
              fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
            })
        .assertNext(
            m -> {
              assertThat(m.content()).isEqualTo("!ping");
              assertThat(m.meta().sequence()).isPositive();
              assertThat(m.meta().shard()).isEqualTo(client.shard());
            })
        .verifyComplete();
    Frame.Payload identify = fake.get().transcript().received(Opcode.IDENTIFY).get(0);
    assertThat(identify.data()).contains("\"intents\":513");
    assertThat(identify.json()).isNotNull();
    assertThat(fake.get().transcript().openings().get(0).path())
        .contains("compress=" + compression.queryValue())
        .contains("v=10");
  }

  @Test
  void heartbeatsAreAcknowledgedAndLatencyIsMeasured() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().transcript().awaitReceived(Opcode.HEARTBEAT, 3, WAIT);
    assertThat(client.latency()).isPresent();
  }

  @Test
  void zombieConnectionIsClosedWithNon1000AndResumedWithReplayedEventsDeliveredOnce() {
    GatewayClient client = started(b -> b);
    List<MessageCreate> received = new CopyOnWriteArrayList<>();
    running.add(client.on(MessageCreate.class).subscribe(received::add));
    awaitReady(client, 1);
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("before"));
    fake.get().stopAcks();
    Transcript transcript = fake.get().transcript();
    Frame.Closed closed = transcript.awaitClosing(1, WAIT);
    assertThat(closed.fromClient()).isTrue();
    assertThat(closed.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
    fake.get().resumeAcks();
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("while away"));
    Frame.Payload resume = transcript.awaitReceived(Opcode.RESUME, 1, WAIT);
    assertThat(transcript.openings().get(1).path()).startsWith("/resume");
    long lastSeq = transcript.dispatched("MESSAGE_CREATE").get(0).sequence().getAsLong();
    assertThat(resume.data()).contains("\"seq\":" + lastSeq);
    awaitReady(client, 2);
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("after"));
    transcript.awaitNth(
        Frame.Payload.class,
        p -> !p.fromClient() && p.json().contains("\"after\""),
        1,
        WAIT,
        "after");
    awaitCount(received, 3);
    assertThat(received)
        .extracting(MessageCreate::content)
        .containsExactly("before", "while away", "after");
    assertThat(transcript.received(Opcode.IDENTIFY)).hasSize(1);
  }

  @Test
  void reconnectRequestResumesOnTheResumeUrl() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().reconnect();
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(client, 2);
    assertThat(states)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOf(GatewayState.Ready.class)
                    .matches(r -> ((GatewayState.Ready) r).resumed()));
  }

  @Test
  void invalidSessionFalseWaitsThenIdentifiesAgain() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    long before = System.nanoTime();
    fake.get().invalidSession(false);
    fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 2, WAIT);
    assertThat(Duration.ofNanos(System.nanoTime() - before))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(fake.get().transcript().received(Opcode.RESUME)).isEmpty();
    assertThat(states)
        .anySatisfy(
            s ->
                assertThat(s)
                    .isInstanceOfSatisfying(
                        GatewayState.Disconnected.class,
                        d ->
                            assertThat(d.reason())
                                .isEqualTo(new DisconnectReason.InvalidSession(false))));
  }

  @Test
  void invalidSessionTrueResumes() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().invalidSession(true);
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(client, 2);
  }

  @Test
  void resumableCloseCodeResumes() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().close(GatewayCloseCode.UNKNOWN_ERROR);
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(client, 2);
  }

  @Test
  void newSessionCloseCodeReidentifies() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().close(GatewayCloseCode.SESSION_TIMED_OUT);
    fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 2, WAIT);
    assertThat(fake.get().transcript().received(Opcode.RESUME)).isEmpty();
    awaitReady(client, 2);
  }

  @Test
  void fatalCloseEndsWithATypedErrorAndNoNewConnection() {
    GatewayClient client = client(b -> b);
    Mono<Void> connect = client.connect();
    StepVerifier.create(connect)
        .then(
            () -> {
              awaitReady(client, 1);
              fake.get().close(GatewayCloseCode.DISALLOWED_INTENTS);
            })
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(GatewayException.class);
              GatewayException g = (GatewayException) e;
              assertThat(g.kind()).isEqualTo(GatewayException.Kind.FATAL_CLOSE);
              assertThat(g.closeCode()).isEqualTo(GatewayCloseCode.DISALLOWED_INTENTS);
              assertThat(g.getMessage()).contains("4014").doesNotContain(TOKEN);
            })
        .verify(WAIT);
    fake.get().transcript().assertNoNewConnection(Duration.ofSeconds(2));
    assertThat(fake.get().transcript().openings()).hasSize(1);
    assertThat(states).last().isInstanceOf(GatewayState.FatallyClosed.class);
  }

  @Test
  void tcpDropWithoutCloseFrameResumes() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().dropConnections();
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(client, 2);
  }

  @Test
  void serverThatNeverSendsHelloIsLeftAfterTheHelloTimeout() {
    fake.get().withholdHello(true);
    GatewayClient client =
        started(
            b -> b.timeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(5)));
    Transcript transcript = fake.get().transcript();
    transcript.awaitOpening(2, WAIT);
    assertThat(transcript.closings().get(0).code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
    fake.get().withholdHello(false);
    awaitReady(client, 1);
  }

  @Test
  void malformedFrameEndsTheConnectionResumably() {
    GatewayClient client = started(b -> b);
    awaitReady(client, 1);
    fake.get().sendMalformedFrame();
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(client, 2);
  }

  @Test
  void oversizedFrameIsRefusedAndAReplayThatKeepsFailingEndsInANewSession() {
    GatewayClient client = started(b -> b.maxSizes(64 * 1024, 64 * 1024));
    awaitReady(client, 1);
    fake.get().sendOversizedFrame(200_000);
    // The fake replays the oversized event on every Resume, as Discord would: after three protocol
    // errors in a row the client gives the session up and identifies anew.
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 2, WAIT);
    awaitReady(client, 2);
    assertThat(states)
        .filteredOn(s -> s instanceof GatewayState.Disconnected)
        .allSatisfy(
            s ->
                assertThat(((GatewayState.Disconnected) s).reason())
                    .isEqualTo(
                        new DisconnectReason.Resumable(DisconnectReason.Cause.PROTOCOL_ERROR, -1)));
  }

  /** zlib: a message over four WebSocket messages; zstd: one message in four WebSocket frames. */
  @Test
  void compressedMessagesSplitOverFramesAreAssembled() {
    try (FakeGateway split = FakeGateway.builder().token(TOKEN).splitFrames(4).start()) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(split.url())
              .compression(compression)
              .build();
      StepVerifier.create(
              client
                  .on(Ready.class)
                  .take(1)
                  .doOnSubscribe(s -> running.add(client.connect().subscribe())))
          .assertNext(r -> assertThat(r.sessionId()).isNotBlank())
          .verifyComplete();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void messagesSentInFragmentsAreJoined(boolean compressed) {
    try (FakeGateway fragmenting =
        FakeGateway.builder().token(TOKEN).fragmentFrames(3).splitFrames(2).start()) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(fragmenting.url())
              .compression(compressed ? compression : Compression.NONE)
              .build();
      StepVerifier.create(
              client
                  .on(MessageCreate.class)
                  .take(1)
                  .doOnSubscribe(s -> running.add(client.connect().subscribe())))
          .then(
              () -> {
                client.state().filter(GatewayState::isReady).blockFirst(WAIT);
                fragmenting.dispatch("MESSAGE_CREATE", Events.messageCreate("in three pieces"));
              })
          .assertNext(m -> assertThat(m.content()).isEqualTo("in three pieces"))
          .verifyComplete();
    }
  }

  @Test
  void aFragmentedMessageOverTheLimitIsRefusedLikeAnOversizedFrame() {
    try (FakeGateway fragmenting =
        FakeGateway.builder()
            .token(TOKEN)
            .heartbeatInterval(Duration.ofMillis(400))
            .fragmentFrames(8)
            .start()) {
      List<GatewayState> seen = new CopyOnWriteArrayList<>();
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(fragmenting.url())
              .compression(compression)
              .maxSizes(64 * 1024, 64 * 1024)
              .reconnect(ReconnectSpec.defaults().withFirstBackoff(Duration.ofMillis(100)))
              .build();
      running.add(client.state().subscribe(seen::add));
      running.add(client.connect().subscribe(null, e -> {}));
      client.state().filter(GatewayState::isReady).blockFirst(WAIT);
      // 200,000 bytes in eight frames of 25,000: each frame is within the frame limit, the
      // message is not.
      fragmenting.sendOversizedFrame(200_000);
      fragmenting.transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
      assertThat(seen)
          .filteredOn(s -> s instanceof GatewayState.Disconnected)
          .first()
          .satisfies(
              s ->
                  assertThat(((GatewayState.Disconnected) s).reason())
                      .isEqualTo(
                          new DisconnectReason.Resumable(
                              DisconnectReason.Cause.PROTOCOL_ERROR, -1)));
    }
  }

  @Test
  void aStoredSessionIsResumedByAFreshClient() {
    SessionStore store = SessionStore.inMemory();
    GatewayClient first = started(b -> b.sessionStore(store));
    awaitReady(first, 1);
    Session kept = first.closeResumable().block(WAIT);
    assertThat(kept).isNotNull();
    assertThat(fake.get().transcript().awaitClosing(1, WAIT).code())
        .hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
    states.clear();

    GatewayClient second = started(b -> b.sessionStore(store));
    Frame.Payload resume = fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    assertThat(resume.data()).contains(kept.sessionId());
    assertThat(fake.get().transcript().openings().get(1).path()).startsWith("/resume");
    awaitReady(second, 1);
    assertThat(fake.get().transcript().received(Opcode.IDENTIFY)).hasSize(1);
  }

  @Test
  void closeSends1000AndEndsTheSession() {
    GatewayClient client = client(b -> b);
    StepVerifier.create(client.connect())
        .then(
            () -> {
              awaitReady(client, 1);
              client.close().subscribe();
            })
        .verifyComplete();
    Frame.Closed closed = fake.get().transcript().awaitClosing(1, WAIT);
    assertThat(closed.code()).hasValue(GatewayCloseCode.NORMAL_CLOSURE);
    assertThat(client.session()).isEmpty();
  }

  static <T> void awaitCount(List<T> list, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.size() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(n);
  }
}
