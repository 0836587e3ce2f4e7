package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.testkit.FakeGateway;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * zstd-jni is optional: a JVM without it builds zlib-stream and plain clients, and asking for
 * zstd-stream fails at the builder with a typed error naming the dependency; the testkit's fake
 * gateway starts without it too, and refuses a zstd-stream upgrade (501, naming the dependency).
 */
class WithoutZstdJniTest {

  /** Run in a child JVM whose class path lacks zstd-jni. */
  public static void main(String[] args) {
    BotToken token = BotToken.of("MTAwMjAwMzAw.no.zstd");
    for (Compression c : List.of(Compression.NONE, Compression.ZLIB_STREAM)) {
      GatewayClient.builder(token).compression(c).build();
      System.out.println("built " + c);
    }
    try {
      GatewayClient.builder(token).compression(Compression.ZSTD_STREAM);
      System.out.println("zstd accepted without the jar?");
    } catch (GatewayException e) {
      System.out.println("refused " + e.kind() + ": " + e.getMessage());
    }
    try (FakeGateway fake = FakeGateway.start()) {
      HttpClient.create()
          .websocket()
          .uri(fake.url() + "/?v=10&encoding=json&compress=zstd-stream")
          .handle((in, out) -> in.receive().then())
          .blockLast(Duration.ofSeconds(20));
      System.out.println("the fake served zstd without the jar?");
    } catch (RuntimeException e) {
      System.out.println("the fake refused zstd: " + e.getMessage());
    }
  }

  @Test
  void zlibClientsNeedNoZstdJniAndAskingForZstdIsATypedConfigurationError() throws Exception {
    String full = System.getProperty("java.class.path");
    assertThat(full).contains("zstd-jni");
    String classPath =
        Arrays.stream(full.split(File.pathSeparator))
            .filter(entry -> !entry.contains("zstd-jni"))
            .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(List.of(java, "-cp", classPath, WithoutZstdJniTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    boolean ended = child.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as(output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("built NONE")
        .contains("built ZLIB_STREAM")
        .contains("refused CONFIGURATION")
        .contains("com.github.luben:zstd-jni")
        .contains("the fake refused zstd")
        .contains("501");
  }

  @Test
  void withZstdJniTheBuilderAcceptsZstd() {
    assertThat(
            GatewayClient.builder(BotToken.of("MTAwMjAwMzAw.zstd"))
                .compression(Compression.ZSTD_STREAM)
                .build())
        .isNotNull();
  }
}
