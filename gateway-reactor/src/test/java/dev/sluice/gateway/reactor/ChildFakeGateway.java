package dev.sluice.gateway.reactor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.client.HttpClient;

/**
 * The fake gateway ({@code FakeGatewayMain}) in a JVM of its own, so that what is measured in this
 * one (heap, direct memory, threads) is the client's alone: the fake's transcript of every frame
 * grows with every connection. Started from this JVM's class path; driven through its control API
 * on 127.0.0.1.
 */
final class ChildFakeGateway implements AutoCloseable {

  private final Process process;
  final String url;
  private final String control;
  private final HttpClient http = HttpClient.create();

  private ChildFakeGateway(Process process, String url, int port) {
    this.process = process;
    this.url = url;
    this.control = "http://127.0.0.1:" + port + "/control/";
  }

  static ChildFakeGateway start(String token, Duration heartbeat) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sluice.gateway.testkit.FakeGatewayMain",
                "--port",
                "0",
                "--token",
                token,
                "--heartbeat-ms",
                Long.toString(heartbeat.toMillis()))
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> gatewayLine = new CompletableFuture<>();
    List<String> lines = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                  if (line.trim().startsWith("gateway ")) {
                    gatewayLine.complete(line.trim().substring(8).trim());
                  }
                }
              } catch (IOException e) {
                gatewayLine.completeExceptionally(e);
              }
              gatewayLine.completeExceptionally(new IOException("the fake exited: " + lines));
            },
            "child-fake-output");
    reader.setDaemon(true);
    reader.start();
    String url = gatewayLine.get(60, TimeUnit.SECONDS);
    int port = URI.create(url).getPort();
    return new ChildFakeGateway(process, url, port);
  }

  /** A control action, e.g. {@code drop}, {@code reconnect}, {@code close?code=4000}. */
  void control(String action) {
    Integer status =
        http.post()
            .uri(control + action)
            .response()
            .map(r -> r.status().code())
            .block(Duration.ofSeconds(10));
    if (status == null || status >= 300) {
      throw new IllegalStateException("control " + action + " answered " + status);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
