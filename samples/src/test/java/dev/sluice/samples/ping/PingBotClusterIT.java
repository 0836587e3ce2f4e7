package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged bot in cluster mode ({@code SLUICE_REDIS_URL} set, no {@code SLUICE_ROLE}) against a
 * fake gateway and its own redis-server on loopback: the README's contract for a Redis it cannot
 * reach, for SIGTERM (an orderly handoff the next node resumes) and for a fatal close.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PingBotClusterIT {

  private static final Duration WAIT = LocalRedis.WAIT;

  private static Process node(FakeGateway fake, String redisUrl, String name, File log)
      throws IOException {
    ProcessBuilder pb = PingBotEndToEndIT.bot(log);
    pb.environment().put("DISCORD_TOKEN", PingBotEndToEndIT.TOKEN);
    pb.environment().put("SLUICE_API_URL", fake.apiUrl());
    pb.environment().put("SLUICE_REDIS_URL", redisUrl);
    pb.environment().put("SLUICE_SHARDS", "1");
    pb.environment().put("SLUICE_NODE", name);
    pb.environment().put("SLUICE_CLUSTER", "pingit");
    pb.environment().put("SLUICE_LEASE_TTL_MS", "2000");
    pb.environment().put("SLUICE_COMPRESS", "none");
    pb.environment().remove("SLUICE_ROLE");
    return pb.start();
  }

  @Test
  void aRedisItCannotReachAtStartIsAClearErrorAndExitStatus3() throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token(PingBotEndToEndIT.TOKEN).start()) {
      File log = File.createTempFile("ping-cluster", ".log");
      String nobody = "redis://127.0.0.1:" + LocalRedis.freePort();
      Process process = node(fake, nobody, "n1", log);
      try {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log.toPath());
        assertThat(process.exitValue()).as(output).isEqualTo(ClusterPingBot.REDIS_UNREACHABLE);
        assertThat(output)
            .contains("cannot start")
            .contains("cannot reach redis at " + nobody)
            .doesNotContain(PingBotEndToEndIT.TOKEN);
        assertThat(fake.transcript().openings()).as("no gateway connection").isEmpty();
      } finally {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void answersPingAndOnSigtermHandsItsShardOverSoTheNextNodeResumesWithoutIdentify()
      throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        FakeGateway fake = FakeGateway.builder().token(PingBotEndToEndIT.TOKEN).start()) {
      Path dir = redis.dir;
      Process first = node(fake, redis.url(), "n1", dir.resolve("n1.log").toFile());
      Process second = null;
      try {
        fake.transcript().awaitDispatched("READY", 1, WAIT);
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        LocalRedis.await(() -> !fake.postedMessages().isEmpty(), "the node answers");
        assertThat(fake.postedMessages())
            .singleElement()
            .satisfies(m -> assertThat(m.content()).isEqualTo("pong"));
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(dir.resolve("n1.log"))).isZero();
        Frame.Closed closed = fake.transcript().awaitClosing(1, WAIT);
        assertThat(closed.fromClient()).isTrue();
        assertThat(closed.code()).as("closed resumably, never 1000/1001").isPresent();
        assertThat(closed.code().getAsInt()).isNotIn(1000, 1001);

        second = node(fake, redis.url(), "n2", dir.resolve("n2.log").toFile());
        fake.transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
        fake.transcript().awaitDispatched("RESUMED", 1, WAIT);
        assertThat(fake.transcript().received(Opcode.IDENTIFY))
            .as("one Identify in all")
            .hasSize(1);
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        LocalRedis.await(() -> fake.postedMessages().size() == 2, "the next node answers");
      } finally {
        first.destroyForcibly();
        if (second != null) {
          second.destroyForcibly();
        }
      }
    }
  }

  @Test
  void aFatalCloseExitsWithStatus2() throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        FakeGateway fake = FakeGateway.builder().token(PingBotEndToEndIT.TOKEN).start()) {
      File log = redis.dir.resolve("n1.log").toFile();
      Process process = node(fake, redis.url(), "n1", log);
      try {
        fake.transcript().awaitDispatched("READY", 1, WAIT);
        fake.close(GatewayCloseCode.AUTHENTICATION_FAILED);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log.toPath());
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("fatal").contains("4004").doesNotContain("e2e.token");
        assertThat(fake.transcript().openings()).as("no reconnect").hasSize(1);
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
