package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged standalone jar starts with one command and its control API works: the test runs
 * {@code java -jar target/gateway-testkit-*-standalone.jar --port 0 --token T} as a separate
 * process and drives it over HTTP and WebSocket.
 */
class StandaloneJarIT {

  static final String TOKEN = "MTIzNDU2.standalone.token";

  @Test
  void standaloneJarServesTheGatewayAndTheControlApi() throws Exception {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-standalone.jar"))
              .findFirst()
              .orElseThrow();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0", "--token", TOKEN)
            .redirectErrorStream(true)
            .start();
    try {
      String url = awaitGatewayLine(process);
      assertThat(url).startsWith("ws://127.0.0.1:");
      String http = url.replace("ws://", "http://");

      Http.Response bot = Http.get(http + "/api/v10/gateway/bot", "Bot " + TOKEN);
      assertThat(bot.status()).isEqualTo(200);
      assertThat(bot.body()).contains("\"url\":\"" + url + "\"");
      assertThat(Http.get(http + "/api/v10/gateway/bot", "Bot other").status()).isEqualTo(401);

      try (WsClient client = WsClient.connect(url, true)) {
        client.awaitOp(10);
        client.identify(TOKEN);
        client.awaitDispatch("READY");
        assertThat(
                Http.post(
                        http + "/control/dispatch",
                        "{\"t\":\"MESSAGE_CREATE\",\"d\":" + Events.messageCreate("hi") + "}",
                        null)
                    .status())
            .isEqualTo(200);
        assertThat(client.awaitDispatch("MESSAGE_CREATE").data().asString()).contains("\"hi\"");
        assertThat(Http.post(http + "/control/reconnect", "", null).status()).isEqualTo(200);
        assertThat(client.awaitOp(7).op()).isEqualTo(7);
        assertThat(Http.post(http + "/control/close?code=4004", "", null).status()).isEqualTo(200);
        assertThat(client.awaitClose()).isEqualTo(4004);
      }
      assertThat(Http.get(http + "/control/transcript", null).body()).contains("\"op\":2");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(process.isAlive()).isFalse();
  }

  private static String awaitGatewayLine(Process process) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.trim().startsWith("gateway ")) {
        return line.trim().substring("gateway".length()).trim();
      }
    }
    throw new AssertionError("the standalone gateway did not print its URL");
  }
}
