package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.model.Snowflake;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * How the loop across connections ends, in virtual time against an in-memory transport: attempts
 * running out end in {@code Failed} and fail waiting sends; a session store that fails does not end
 * a shard that is only reconnecting; a close during a reconnect's wait ends the stored session.
 */
class GatewayClientGiveUpTest {

  final MemoryTransport transport = new MemoryTransport();
  final List<String> storeCalls = new CopyOnWriteArrayList<>();
  final AtomicBoolean storeFails = new AtomicBoolean();

  /** An in-memory store that records its calls and fails them while {@link #storeFails} is set. */
  final SessionStore store =
      new SessionStore() {
        final SessionStore inner = SessionStore.inMemory();

        @Override
        public Mono<Session> load(ShardInfo shard) {
          return inner.load(shard);
        }

        @Override
        public Mono<Void> save(Session session) {
          return call("save " + session.sessionId()).then(inner.save(session));
        }

        @Override
        public Mono<Void> remove(ShardInfo shard) {
          return call("remove").then(inner.remove(shard));
        }

        private Mono<Void> call(String what) {
          return Mono.defer(
              () -> {
                storeCalls.add(what);
                return storeFails.get()
                    ? Mono.error(new IllegalStateException("store unavailable"))
                    : Mono.empty();
              });
        }
      };

  GatewayClient build(UnaryOperator<GatewayClient.Builder> extra) {
    return extra
        .apply(
            GatewayClient.builder(BotToken.of("MTAw.giveup.test"))
                .gatewayUrl("wss://gateway.test")
                .compression(Compression.NONE)
                .jitter(() -> 0.0)
                .sessionStore(store)
                .transport(transport))
        .build();
  }

  static boolean isConnectionError(Throwable e) {
    return e instanceof GatewayException g && g.kind() == GatewayException.Kind.CONNECTION;
  }

  @Test
  void attemptsRunningOutEndInFailedAndFailTheSendsWaitingForReady() {
    transport.refuse = true;
    List<Throwable> sendErrors = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicReference<GatewayClient> built =
        new java.util.concurrent.atomic.AtomicReference<>();
    StepVerifier.withVirtualTime(
            () -> {
              // built here: its scheduler is the virtual one
              GatewayClient client =
                  build(b -> b.reconnect(ReconnectSpec.defaults().withMaxAttempts(2)));
              built.set(client);
              return client
                  .connect()
                  .doOnSubscribe(
                      s ->
                          client
                              .send(RequestGuildMembers.byPrefix(Snowflake.of(1), "a", 1))
                              .subscribe(null, sendErrors::add));
            })
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1 + 2)) // the waits after failures 1 and 2; the 3rd gives up
        .expectErrorMatches(e -> isConnectionError(e) && e.getMessage().contains("gave up after 3"))
        .verify(Duration.ofSeconds(5));
    assertThat(transport.urls).hasSize(3);
    assertThat(built.get().state().blockFirst(Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            GatewayState.Failed.class, f -> assertThat(f.reason()).contains("gave up"));
    assertThat(sendErrors).singleElement().matches(GatewayClientGiveUpTest::isConnectionError);
  }

  @Test
  void aSessionStoreThatFailsDoesNotEndAShardThatIsReconnecting() {
    StepVerifier.withVirtualTime(() -> build(b -> b).connect())
        .expectSubscription()
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(GatewayClientTimingTest.ready(1)))
        .then(() -> storeFails.set(true))
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> assertThat(transport.urls).as("reconnected").hasSize(2))
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(10))
        .then(() -> assertThat(transport.last().sentWithOp(6)).as("resumed").hasSize(1))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(storeCalls).contains("save abc");
  }

  @Test
  void aCloseDuringAReconnectWaitRemovesTheStoredSession() {
    java.util.concurrent.atomic.AtomicReference<GatewayClient> built =
        new java.util.concurrent.atomic.AtomicReference<>();
    StepVerifier.withVirtualTime(
            () -> {
              built.set(build(b -> b));
              return built.get().connect();
            })
        .expectSubscription()
        .then(() -> transport.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> transport.last().push(GatewayClientTimingTest.ready(1)))
        .then(() -> transport.refuse = true)
        .then(() -> transport.last().serverClose(4000))
        .thenAwait(Duration.ofMillis(10)) // the resume's connection is refused: a 1 s wait
        .then(
            () ->
                awaitTrue(
                    () ->
                        built.get().state().blockFirst(Duration.ofSeconds(1))
                                instanceof GatewayState.Disconnected d
                            && d.retryIn().toMillis() == 1000))
        .then(() -> assertThat(store.load(new ShardInfo(0, 1)).block()).isNotNull())
        .then(() -> built.get().close().subscribe())
        .thenAwait(Duration.ofMillis(10))
        .verifyComplete();
    assertThat(storeCalls).endsWith("remove");
    assertThat(store.load(new ShardInfo(0, 1)).block()).as("the closed session").isNull();
    assertThat(transport.urls).hasSize(2);
  }

  /** Parts of the loop run on real threads even in virtual time (a refused connect): wait. */
  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition in time").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }
}
