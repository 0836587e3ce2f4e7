package dev.sluice.gateway.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs this test class's own {@code redis-server}: a free port on
 * 127.0.0.1, a fresh temporary directory, AOF on and RDB snapshots off ({@code --appendonly yes
 * --save ''}). It is stopped by its PID, never through a system service. Fails (never skips) when
 * {@code redis-server} is not installed.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer redis = new RedisServer();
 * }</pre>
 */
final class RedisServer implements BeforeAllCallback, AfterAllCallback {

  static final String INSTALL_HINT =
      "redis-server is not installed; install it: apt-get install -y redis-server";

  private Path dir;
  private int port;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("sluice-redis-");
    port = freePort();
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
    deleteDataDir();
    Files.deleteIfExists(dir);
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** {@code INFO <section>} over a plain socket (RESP), for figures the scripts cannot read. */
  String info(String section) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      String command = "*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n";
      socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
      java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
      StringBuilder header = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("redis closed the connection");
        }
        header.append((char) c);
      }
      int length = Integer.parseInt(header.toString().trim().substring(1));
      byte[] body = new byte[length];
      in.readFully(body);
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Stops the server (SIGTERM: it flushes its AOF) and starts it again on the same port. */
  void restartKeepingData() throws IOException {
    stop();
    start();
  }

  /** Stops the server, deletes its data and starts it empty on the same port. */
  void restartEmpty() throws IOException {
    stop();
    deleteDataDir();
    start();
  }

  /** Stops the server by its PID and waits for it to exit. */
  void stop() {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    handle.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.destroyForcibly();
    }
    process = null;
  }

  /** Starts the server on the known port and waits until it accepts connections. */
  void start() throws IOException {
    String binary = binary();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--dir",
                dir.toString(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--daemonize",
                "no",
                "--protected-mode",
                "yes"));
    builder.redirectErrorStream(true);
    process = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    ChildProcess.follow(
        process,
        "redis-server-log-" + process.pid(),
        line -> log(line, ready, output),
        e ->
            ready.completeExceptionally(
                e != null ? e : new IllegalStateException("redis-server exited")));
    try {
      ready.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      stop();
      throw new IllegalStateException("redis-server did not start:\n" + output, e);
    }
  }

  private static void log(String line, CompletableFuture<Void> ready, StringBuilder out) {
    synchronized (out) {
      if (out.length() < 20_000) {
        out.append(line).append('\n');
      }
    }
    if (line.contains("Ready to accept connections")) {
      ready.complete(null);
    }
  }

  private void deleteDataDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** {@code redis-server} from the system property {@code sluice.redis.server}, or the PATH. */
  static String binary() {
    return binary(System.getProperty("sluice.redis.server"), System.getenv("PATH"));
  }

  static String binary(String configured, String path) {
    if (configured != null && new File(configured).canExecute()) {
      return configured;
    }
    for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
      File candidate = new File(entry, "redis-server");
      if (!entry.isEmpty() && candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    throw new AssertionError(INSTALL_HINT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
