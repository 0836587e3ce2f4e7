package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.internal.compression.ZstdSupport;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A zstd-stream connection's native decoder context (megabytes once a window is in use) is freed
 * however the connection ends: a user's close, corrupt input (the connection is dropped and the
 * session resumed on a new one), a TCP drop, and a cancelled {@code connect()}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZstdContextLifecycleTest {

  static final String TOKEN = "MTAwMjAwMzAw.zstd.contexts";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final FakeGatewayExtension fake = new FakeGatewayExtension(b -> b.token(TOKEN));

  final List<Disposable> running = new CopyOnWriteArrayList<>();
  final List<GatewayState> states = new CopyOnWriteArrayList<>();
  int before;

  @BeforeEach
  void baseline() {
    before = ZstdSupport.openContexts();
  }

  @AfterEach
  void stop() {
    running.forEach(Disposable::dispose);
  }

  GatewayClient started() {
    GatewayClient client =
        GatewayClient.builder(BotToken.of(TOKEN))
            .gatewayUrl(fake.get().url())
            .compression(Compression.ZSTD_STREAM)
            .reconnect(ReconnectSpec.defaults().withFirstBackoff(Duration.ofMillis(50)))
            .build();
    running.add(client.state().subscribe(states::add));
    running.add(client.connect().subscribe(null, e -> {}));
    awaitReady(1);
    assertThat(ZstdSupport.openContexts()).as("one context while connected").isEqualTo(before + 1);
    return client;
  }

  @Test
  void aClosedClientFreesItsContext() {
    GatewayClient client = started();
    client.close().block(WAIT);
    awaitOpenContexts(before);
  }

  @Test
  void corruptInputFreesTheContextOfTheConnectionItEnded() {
    started();
    fake.get().sendMalformedFrame(); // not zstd: a typed COMPRESSION error, then a resume
    fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
    awaitReady(2);
    awaitOpenContexts(before + 1);
  }

  @Test
  void droppedConnectionsFreeTheirContexts() {
    started();
    for (int i = 1; i <= 3; i++) {
      fake.get().dropConnections();
      fake.get().transcript().awaitReceived(Opcode.RESUME, i, WAIT);
      awaitReady(i + 1);
    }
    awaitOpenContexts(before + 1);
  }

  @Test
  void cancellingConnectFreesTheContext() {
    started();
    running.forEach(Disposable::dispose);
    awaitOpenContexts(before);
  }

  void awaitReady(int count) {
    Flux.interval(Duration.ofMillis(5))
        .filter(i -> states.stream().filter(GatewayState::isReady).count() >= count)
        .take(1)
        .timeout(WAIT, Flux.empty())
        .blockLast();
    assertThat(states.stream().filter(GatewayState::isReady).count())
        .as("READY/RESUMED seen; states %s", states)
        .isGreaterThanOrEqualTo(count);
  }

  static void awaitOpenContexts(int expected) {
    Flux.interval(Duration.ofMillis(5))
        .filter(i -> ZstdSupport.openContexts() == expected)
        .take(1)
        .timeout(WAIT, Flux.empty())
        .blockLast();
    assertThat(ZstdSupport.openContexts()).as("zstd contexts not freed").isEqualTo(expected);
  }
}
