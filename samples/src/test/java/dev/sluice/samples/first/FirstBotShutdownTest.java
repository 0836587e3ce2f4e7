package dev.sluice.samples.first;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstBotMain} in a JVM of its own, stopped the way systemd, Docker and Kubernetes stop it:
 * SIGTERM ({@link Process#destroy()}). It closes with 1000 and exits 0 on its own, without {@code
 * Runtime.halt} or {@code System.exit}.
 */
class FirstBotShutdownTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  static ProcessBuilder child(Class<?> main, FakeGateway fake, File log) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName());
    pb.environment().put("DISCORD_TOKEN", FirstBotTest.TOKEN);
    pb.environment().put("SLUICE_API_URL", fake.apiUrl());
    return pb.redirectErrorStream(true).redirectOutput(log);
  }

  @Test
  void sigtermClosesWith1000AndTheJvmExitsZeroWithinSeconds() throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token(FirstBotTest.TOKEN).start()) {
      File log = File.createTempFile("first-bot", ".log");
      Process process = child(FirstBotMain.class, fake, log).start();
      try {
        fake.transcript().awaitDispatched("GUILD_CREATE", 1, WAIT);
        long sent = System.nanoTime();
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
            .as(Files.readString(log.toPath()))
            .isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(process.exitValue()).as(Files.readString(log.toPath())).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        Frame.Closed closed = fake.transcript().awaitClosing(1, WAIT);
        assertThat(closed.byClient()).isTrue();
        assertThat(closed.code()).hasValue(1000);
        assertThat(Files.readString(log.toPath())).contains("SIGTERM").doesNotContain("first.bot");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void resumablySigtermClosesWith4900SavesTheSessionAndExitsZero() throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token(FirstBotTest.TOKEN).start()) {
      File log = File.createTempFile("resumable-bot", ".log");
      Path saved = Files.createTempFile("session", ".txt");
      Files.delete(saved);
      ProcessBuilder pb = child(ResumableBotMain.class, fake, log);
      pb.environment().put("SESSION_FILE", saved.toString());
      Process process = pb.start();
      try {
        Frame.Payload ready = fake.transcript().awaitDispatched("READY", 1, WAIT);
        fake.transcript().awaitDispatched("GUILD_CREATE", 1, WAIT);
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
            .as(Files.readString(log.toPath()))
            .isTrue();
        assertThat(process.exitValue()).as(Files.readString(log.toPath())).isZero();
        Frame.Closed closed = fake.transcript().awaitClosing(1, WAIT);
        assertThat(closed.byClient()).isTrue();
        assertThat(closed.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
        String sessionId = ready.dataTree().path("session_id").asString();
        assertThat(Files.readString(saved)).startsWith(sessionId + " ");
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
