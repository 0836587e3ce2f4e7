package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The user's close while a connection is ending (its rules have ended it, its close frame is not
 * yet written) still ends in {@link GatewayState.Closed}. Found by {@link
 * LoopbackFaultScheduleTest}: op 7, then closeResumable() a few milliseconds later, left the client
 * in Disconnected with connect() completed.
 */
class GatewayClientCloseRaceTest {

  /** The in-memory transport, with close frames that take 100 ms to be written. */
  final MemoryTransport memory = new MemoryTransport();

  final Transport slowClose =
      url ->
          memory
              .connect(url)
              .map(
                  c ->
                      new Transport.Connection() {
                        @Override
                        public <T> Flux<T> receive(Function<ByteBuffer, T> reader) {
                          return c.receive(reader);
                        }

                        @Override
                        public Mono<Void> send(byte[] text) {
                          return c.send(text);
                        }

                        @Override
                        public Mono<Void> close(int code, String reason) {
                          return Mono.delay(Duration.ofMillis(100)).then(c.close(code, reason));
                        }

                        @Override
                        public Mono<Integer> closeCode() {
                          return c.closeCode();
                        }

                        @Override
                        public void dispose() {
                          c.dispose();
                        }
                      });

  final List<GatewayState> states = new CopyOnWriteArrayList<>();

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void closeWhileTheConnectionIsEndingEndsInClosed(boolean resumable) {
    GatewayClient[] client = new GatewayClient[1];
    StepVerifier.withVirtualTime(
            () -> {
              client[0] =
                  GatewayClient.builder(BotToken.of("MTAw.race.test"))
                      .gatewayUrl("wss://gateway.test")
                      .compression(Compression.NONE)
                      .jitter(() -> 0.5)
                      .transport(slowClose)
                      .build();
              client[0].state().subscribe(states::add);
              return client[0].connect();
            })
        .expectSubscription()
        .then(() -> memory.last().push(GatewayClientTimingTest.hello()))
        .thenAwait(Duration.ofMillis(300))
        .then(() -> memory.last().push(GatewayClientTimingTest.ready(1)))
        .then(() -> memory.last().push("{\"t\":null,\"s\":null,\"op\":7,\"d\":null}"))
        .thenAwait(Duration.ofMillis(10)) // the run has ended; its close frame is on its way
        .then(() -> (resumable ? client[0].closeResumable().then() : client[0].close()).subscribe())
        .thenAwait(Duration.ofSeconds(3))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(memory.urls).hasSize(1);
    assertThat(states.get(states.size() - 1))
        .isInstanceOfSatisfying(
            GatewayState.Closed.class,
            closed -> {
              if (resumable) {
                assertThat(closed.session().sessionId()).isEqualTo("abc");
              } else {
                assertThat(closed.session()).isNull(); // close() ends the session: none kept
              }
            });
  }
}
