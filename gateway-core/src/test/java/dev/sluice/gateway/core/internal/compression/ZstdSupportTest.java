package dev.sluice.gateway.core.internal.compression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZstdSupportTest {

  @Test
  void zstdJniIsAvailableInThisBuild() {
    assertThat(ZstdSupport.isAvailable()).isTrue();
    ZstdSupport.requireAvailable();
  }

  @Test
  void aMissingClassIsReportedWithTheDependencyToAdd() {
    String problem = ZstdSupport.problem("com.github.luben.zstd.Nope", getClass().getClassLoader());
    assertThat(problem).contains("ClassNotFoundException");
    GatewayException e = ZstdSupport.missing(problem);
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
    assertThat(e.getMessage()).contains("com.github.luben:zstd-jni").contains("zstd-stream");
    assertThat(GatewayException.isFatal(e)).isTrue();
  }

  @Test
  void withoutTheJarZstdIsAConfigurationErrorAndZlibStillWorks() throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("zstd-jni"))
            .collect(Collectors.joining(File.pathSeparator));
    assertThat(System.getProperty("java.class.path")).contains("zstd-jni");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(java.toString(), "-cp", classPath, ZstdMissingMain.class.getName()))
            .redirectErrorStream(true)
            .start();
    boolean ended = child.waitFor(60, TimeUnit.SECONDS);
    String output = read(child);
    assertThat(ended).as("child JVM ended; output: %s", output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("zlib-stream ok")
        .contains("zstd-stream CONFIGURATION")
        .contains("com.github.luben:zstd-jni")
        .doesNotContain("NoClassDefFoundError in create");
  }

  private static String read(Process child) throws IOException {
    if (child.isAlive()) {
      child.destroyForcibly();
    }
    return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
