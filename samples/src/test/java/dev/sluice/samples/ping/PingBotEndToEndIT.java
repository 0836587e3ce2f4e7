package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged bot ({@code samples/target/ping-bot.jar}) as a separate process, through its
 * environment contract, against a fake gateway on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PingBotEndToEndIT {

  static final String TOKEN = "MTAwMjAwMzAwNDAw.e2e.token";
  static final Duration WAIT = Duration.ofSeconds(30);

  static ProcessBuilder bot(File log) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-jar", Path.of("target", "ping-bot.jar").toString());
    pb.environment().remove("DISCORD_TOKEN");
    pb.redirectErrorStream(true).redirectOutput(log);
    return pb;
  }

  /** zstd-stream also proves the packaged jar carries zstd-jni's native library. */
  @ParameterizedTest
  @ValueSource(strings = {"zlib-stream", "zstd-stream"})
  void answersPingWithPongAndExitsWithStatus2OnAFatalCloseWithoutReconnecting(String compress)
      throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      File log = File.createTempFile("ping-bot", ".log");
      ProcessBuilder pb = bot(log);
      pb.environment().put("DISCORD_TOKEN", TOKEN);
      pb.environment().put("SLUICE_API_URL", fake.apiUrl());
      pb.environment().put("SLUICE_SHARDS", "1");
      pb.environment().put("SLUICE_COMPRESS", compress);
      Process process = pb.start();
      try {
        fake.transcript().awaitDispatched("READY", 1, WAIT);
        assertThat(fake.transcript().openings().get(0).path()).contains("compress=" + compress);
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (fake.postedMessages().isEmpty() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(fake.postedMessages())
            .singleElement()
            .satisfies(
                m -> {
                  assertThat(m.content()).isEqualTo("pong");
                  assertThat(m.channelId()).isEqualTo(Events.DEFAULT_CHANNEL);
                });
        fake.close(GatewayCloseCode.AUTHENTICATION_FAILED);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        fake.transcript().assertNoNewConnection(Duration.ofSeconds(2));
        assertThat(fake.transcript().openings()).hasSize(1);
      } finally {
        process.destroyForcibly();
      }
      assertThat(java.nio.file.Files.readString(log.toPath()))
          .contains("4004")
          .doesNotContain("e2e.token");
    }
  }

  @Test
  void sigtermClosesWith1000AndExitsZero() throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token(TOKEN).start()) {
      File log = File.createTempFile("ping-bot", ".log");
      ProcessBuilder pb = bot(log);
      pb.environment().put("DISCORD_TOKEN", TOKEN);
      pb.environment().put("SLUICE_API_URL", fake.apiUrl());
      Process process = pb.start();
      try {
        fake.transcript().awaitDispatched("READY", 1, WAIT);
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        Frame.Closed closed = fake.transcript().awaitClosing(1, WAIT);
        assertThat(closed.code()).hasValue(GatewayCloseCode.NORMAL_CLOSURE);
        assertThat(closed.fromClient()).isTrue();
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void withoutATokenTheDemoPlaysTheWholeLifecycleAndExitsZeroWithinAMinute()
      throws IOException, InterruptedException {
    File log = File.createTempFile("ping-demo", ".log");
    Process process = bot(log).start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = java.nio.file.Files.readString(log.toPath());
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("READY")
          .contains("heartbeat latency")
          .contains("answered !ping")
          .contains("ZOMBIE")
          .contains("RESUMED")
          .contains("RECONNECT_REQUESTED")
          .contains("InvalidSession")
          .contains("demo finished");
    } finally {
      process.destroyForcibly();
    }
    assertThat(Opcode.RESUME.code()).isEqualTo(6);
  }
}
