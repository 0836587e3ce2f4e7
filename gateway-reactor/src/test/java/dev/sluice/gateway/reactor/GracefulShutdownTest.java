package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What can be checked in the test JVM itself; a real SIGTERM to a bot in its own JVM (close 1000 or
 * 4900, status 0) is samples' FirstBotShutdownTest.
 */
class GracefulShutdownTest {

  @Test
  void aTimeoutMustBePositive() {
    assertThatThrownBy(() -> GracefulShutdown.install(Mono::empty, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> GracefulShutdown.install(Mono::empty, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GracefulShutdown.install(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void disposeRestoresTheSignalsAndRemovesTheHookOnce() {
    GracefulShutdown shutdown = GracefulShutdown.install(Mono::empty, Duration.ofSeconds(1));
    assertThat(shutdown.isDisposed()).isFalse();
    shutdown.dispose();
    assertThat(shutdown.isDisposed()).isTrue();
    shutdown.dispose(); // a second call does nothing
    assertThat(shutdown.isDisposed()).isTrue();
  }
}
