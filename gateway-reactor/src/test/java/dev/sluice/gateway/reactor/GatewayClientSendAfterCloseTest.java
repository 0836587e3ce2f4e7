package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.model.Snowflake;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A send waiting for the connection to become ready fails once the client can never become ready
 * again (closed by its user, or by a fatal close code), instead of waiting forever. Found by the
 * fault schedules (sends still pending at the end of a schedule that closed the client).
 */
class GatewayClientSendAfterCloseTest {

  final MemoryTransport transport = new MemoryTransport();
  final GatewayClient client =
      GatewayClient.builder(BotToken.of("MTAw.send.test"))
          .gatewayUrl("wss://gateway.test")
          .compression(Compression.NONE)
          .jitter(() -> 0.5)
          .transport(transport)
          .build();

  static Mono<Void> aSend(GatewayClient client) {
    return client.send(RequestGuildMembers.byPrefix(Snowflake.of(1), "a", 1));
  }

  static boolean isConnectionError(Throwable e) {
    return e instanceof GatewayException g && g.kind() == GatewayException.Kind.CONNECTION;
  }

  @Test
  void aSendWaitingForReadyFailsWhenTheClientIsClosed() {
    StepVerifier.withVirtualTime(
            () -> Mono.when(client.connect(), aSend(client)).timeout(Duration.ofMinutes(5)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(10)) // connected, no Hello yet: the send waits
        .then(() -> client.close().subscribe())
        .thenAwait(Duration.ofSeconds(3))
        .expectErrorMatches(GatewayClientSendAfterCloseTest::isConnectionError)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aSendAfterCloseFailsAtOnce() {
    StepVerifier.withVirtualTime(() -> client.close().then(aSend(client)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(1))
        .expectErrorMatches(GatewayClientSendAfterCloseTest::isConnectionError)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aSendWaitingForReadyFailsAfterAFatalClose() {
    StepVerifier.withVirtualTime(
            () ->
                aSend(client)
                    .doOnSubscribe(s -> client.connect().subscribe(null, e -> {}))
                    .timeout(Duration.ofMinutes(5)))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(10))
        .then(() -> transport.last().serverClose(4004))
        .thenAwait(Duration.ofSeconds(3))
        .expectErrorMatches(GatewayClientSendAfterCloseTest::isConnectionError)
        .verify(Duration.ofSeconds(5));
  }
}
