package dev.sluice.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The group follows the context: connects when it starts, closes (by close-mode) when it stops. */
@Timeout(60)
class ShardGroupLifecycleTest {

  static final String TOKEN = "MTAwMjAwMzAw.lifecycle.secret-token-value";
  static final Duration WAIT = Duration.ofSeconds(20);

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SluiceAutoConfiguration.class));

  int closeCodeOnStop(String closeMode) {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      runner
          .withPropertyValues(
              "sluice.token=" + TOKEN,
              "sluice.api-url=" + fake.apiUrl(),
              "sluice.close-mode=" + closeMode)
          .run(context -> fake.transcript().awaitDispatched("READY", 1, WAIT));
      // The context is closed: the lifecycle's stop has closed the shard.
      Frame.Closed closed = fake.transcript().awaitClosing(1, WAIT);
      assertThat(closed.byClient()).isTrue();
      return closed.code().orElse(-1);
    }
  }

  @Test
  void stoppingTheContextClosesWith1000ByDefault() {
    assertThat(closeCodeOnStop("close")).isEqualTo(1000);
  }

  @Test
  void resumableCloseModeClosesResumably() {
    assertThat(closeCodeOnStop("resumable")).isEqualTo(4900);
  }

  @Test
  void theLifecycleRunsInTheGracefulShutdownPhase() {
    runner
        .withPropertyValues("sluice.token=" + TOKEN, "sluice.api-url=http://127.0.0.1:9")
        .run(
            context ->
                assertThat(context.getBean(ShardGroupLifecycle.class).getPhase())
                    .isEqualTo(Integer.MAX_VALUE - 1024));
  }
}
