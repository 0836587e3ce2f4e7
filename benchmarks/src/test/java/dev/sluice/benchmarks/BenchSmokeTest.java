package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark harness end to end on a tiny corpus: every client (Sluice three ways, Discord4J,
 * JDA, the floors) in its own JVM in both modes, then the idle measurement, then the report. Proves
 * `benchmarks/run` works; the figures of a smoke run mean nothing.
 */
class BenchSmokeTest {

  @Test
  @Timeout(600)
  void everyClientRunsAndTheReportIsWritten() throws Exception {
    Path out = Path.of("target", "benchmarks-smoke.md");
    BenchMain.main(new String[] {"--quick", "--out", out.toString()});

    String report = Files.readString(out);
    assertThat(report)
        .contains("Smoke run")
        .contains("Sluice** `raw()`")
        .contains("Sluice `on(MessageCreate.class)`")
        .contains("Sluice `events()`")
        .contains("Discord4J gateway client")
        .contains("JDA (`JDABuilder`")
        .contains("floor: frames + inflate")
        .contains("### plain JSON")
        .contains("### zstd-stream")
        .contains("zstd: `raw()` events/s")
        .contains("| sluice-zstd |")
        .contains("heap per idle shard")
        .contains("| jda |")
        .contains("| discord4j |");
  }
}
