package dev.sluice.samples.ping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A {@code redis-server} of the test's own on a free loopback port, in a temp dir, without
 * persistence; stopped by its process. Fails (never skips) when redis-server is not installed.
 */
final class LocalRedis implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  final Path dir;
  final int port;
  private final Process process;

  private LocalRedis(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static LocalRedis start() throws IOException {
    Path dir = Files.createTempDirectory("ping-redis-");
    int port = freePort();
    Process process;
    try {
      process =
          new ProcessBuilder(
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
    LocalRedis redis = new LocalRedis(dir, port, process);
    await(() -> accepts(port), "redis-server accepts connections on " + port);
    return redis;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** A loopback port nothing listens on (bound, then released). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
