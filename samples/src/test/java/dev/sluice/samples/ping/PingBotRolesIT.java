package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged bot in its cluster roles, against a fake gateway and its own redis-server on
 * loopback: {@code SLUICE_ROLE=gateway} publishes and answers nothing, {@code SLUICE_ROLE=worker}
 * answers {@code !ping} with {@code pong} over REST and exits 0 on SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PingBotRolesIT {

  private static final Duration WAIT = LocalRedis.WAIT;

  private static Process bot(Map<String, String> env, File log) throws IOException {
    ProcessBuilder pb = PingBotEndToEndIT.bot(log);
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void aGatewayPublishesAndAWorkerAnswersPingThenExitsZeroOnSigterm() throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        FakeGateway fake = FakeGateway.builder().token(PingBotEndToEndIT.TOKEN).start()) {
      Path dir = redis.dir;
      Map<String, String> common =
          Map.of(
              "DISCORD_TOKEN",
              PingBotEndToEndIT.TOKEN,
              "SLUICE_API_URL",
              fake.apiUrl(),
              "SLUICE_REDIS_URL",
              redis.url(),
              "SLUICE_CLUSTER",
              "roles",
              "SLUICE_COMPRESS",
              "none");
      Map<String, String> gateway = new java.util.HashMap<>(common);
      gateway.putAll(
          Map.of("SLUICE_ROLE", "gateway", "SLUICE_SHARDS", "1", "SLUICE_LEASE_TTL_MS", "2000"));
      Map<String, String> worker = new java.util.HashMap<>(common);
      worker.putAll(Map.of("SLUICE_ROLE", "worker", "SLUICE_NODE", "w1"));
      Process node = bot(gateway, dir.resolve("gateway.log").toFile());
      Process work = bot(worker, dir.resolve("worker.log").toFile());
      try {
        fake.transcript().awaitDispatched("READY", 1, WAIT);
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        LocalRedis.await(() -> !fake.postedMessages().isEmpty(), "the worker answers");
        assertThat(fake.postedMessages())
            .singleElement()
            .satisfies(m -> assertThat(m.content()).isEqualTo("pong"));
        work.destroy(); // SIGTERM
        assertThat(work.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(work.exitValue()).isZero();
        assertThat(fake.postedMessages()).as("the gateway role answers nothing").hasSize(1);
      } finally {
        work.destroyForcibly();
        node.destroyForcibly();
      }
      assertThat(Files.readString(dir.resolve("worker.log")))
          .doesNotContain(PingBotEndToEndIT.TOKEN);
    }
  }
}
