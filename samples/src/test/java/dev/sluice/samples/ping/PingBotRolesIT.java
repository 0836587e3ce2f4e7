package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged bot in its cluster roles, against a fake gateway and its own redis-server on
 * loopback: {@code SLUICE_ROLE=gateway} publishes and answers nothing, {@code SLUICE_ROLE=worker}
 * answers {@code !ping} with {@code pong} over REST and exits 0 on SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PingBotRolesIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static Process redis(int port, Path dir) throws IOException {
    try {
      return new ProcessBuilder(
              "redis-server",
              "--bind",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--dir",
              dir.toString(),
              "--save",
              "",
              "--appendonly",
              "no")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new AssertionError(
          "redis-server is not installed; install it: apt-get install -y redis-server", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Process bot(Map<String, String> env, File log) throws IOException {
    ProcessBuilder pb = PingBotEndToEndIT.bot(log);
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void aGatewayPublishesAndAWorkerAnswersPingThenExitsZeroOnSigterm() throws Exception {
    Path dir = Files.createTempDirectory("ping-roles-");
    int port = freePort();
    Process redis = redis(port, dir);
    try (FakeGateway fake = FakeGateway.builder().token(PingBotEndToEndIT.TOKEN).start()) {
      await(() -> accepts(port), "redis-server accepts connections");
      Map<String, String> common =
          Map.of(
              "DISCORD_TOKEN",
              PingBotEndToEndIT.TOKEN,
              "SLUICE_API_URL",
              fake.apiUrl(),
              "SLUICE_REDIS_URL",
              "redis://127.0.0.1:" + port,
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
        fake.transcript()
            .awaitNth(
                f -> !f.fromClient() && f.json().startsWith("{\"t\":\"READY\""), 1, WAIT, "READY");
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        await(() -> !fake.postedMessages().isEmpty(), "the worker answers");
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
    } finally {
      redis.destroyForcibly();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
