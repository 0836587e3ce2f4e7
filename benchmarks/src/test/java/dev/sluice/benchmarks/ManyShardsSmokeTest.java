package dev.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.benchmarks.many.ManyShards;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The many-shards benchmark end to end at a tiny scale: a load server in its own JVM, 48 shards in
 * this one, a few seconds of traffic, the report. Proves the command works (every shard READY, one
 * Identify each, round trips measured); its figures (missed ACKs and bucket violations included,
 * which a loaded CI machine may produce) mean nothing here.
 */
class ManyShardsSmokeTest {

  @Test
  @Timeout(180)
  void shardsComeUpUnderLoadAndTheReportIsWritten() throws Exception {
    Path out = Path.of("target", "many-shards-smoke.md");
    ManyShards.main(
        new String[] {
          "--shards",
          "48",
          "--rate",
          "1000",
          "--seconds",
          "4",
          "--interval-ms",
          "40",
          "--heartbeat-ms",
          "1000",
          "--out",
          out.toString(),
          "--no-exit"
        });

    String report = Files.readString(out);
    assertThat(report)
        .contains("| shards | 48 |")
        .contains("| Identifies sent (client) | 48 |")
        .contains("missed ACKs (zombie reconnects)")
        .contains("Identifies of one bucket inside the window (judged by the server)")
        .containsPattern("heartbeat round trips measured \\| [1-9]");
  }
}
