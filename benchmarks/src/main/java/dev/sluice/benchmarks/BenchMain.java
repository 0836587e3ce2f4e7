package dev.sluice.benchmarks;

import dev.sluice.benchmarks.e2e.BenchServer;
import dev.sluice.benchmarks.e2e.EndToEnd;
import dev.sluice.benchmarks.e2e.IdleCost;
import dev.sluice.benchmarks.e2e.Report;
import dev.sluice.benchmarks.e2e.Script;
import dev.sluice.benchmarks.e2e.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and writes the report: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.sluice.benchmarks.BenchMain [--quick] [--out FILE] [--runs N] [--events N] [--warmup N]
 * [--skip-jmh] [--skip-idle] [--clients a,b,...] [--modes zlib,plain,zstd] [--idle-clients a,b,...]
 * [--idle-shards N] [--idle-burst-kib N]}. {@code --idle-burst-kib} sends every idle shard that
 * much traffic after READY (Sluice idle clients only) before the footprint is read. {@code --quick}
 * is the smoke run: a small corpus, one run, 1 vs 3 idle shards, no JMH. {@code --clients} and
 * {@code --modes} narrow the end-to-end part (for profiling one client against a floor); the report
 * then holds only what was run.
 */
public final class BenchMain {

  /** Clients measured in each mode; Discord4J's gateway client only speaks zlib-stream. */
  static final List<String> ZLIB_CLIENTS =
      List.of(
          "floor-frames",
          "floor-inflate",
          "floor-inflate-once",
          "floor-inflate-copy",
          "floor-tree",
          "sluice-raw",
          "sluice-raw-metrics",
          "sluice-typed",
          "sluice-events",
          "discord4j",
          "jda");

  static final List<String> PLAIN_CLIENTS =
      List.of("floor-frames", "floor-tree", "sluice-raw", "sluice-typed", "sluice-events", "jda");

  /** Over zstd-stream: the floors and Sluice (neither Discord4J nor JDA speaks it). */
  static final List<String> ZSTD_CLIENTS =
      List.of(
          "floor-frames",
          "floor-inflate",
          "floor-inflate-copy",
          "floor-tree",
          "sluice-raw",
          "sluice-events");

  /** {@code sluice-zstd}: Sluice's idle shards over zstd-stream, beside its default zlib-stream. */
  static final List<String> IDLE_CLIENTS = List.of("sluice", "sluice-zstd", "discord4j", "jda");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean jmh = true;
    Path out = Path.of("docs/benchmarks.md");
    int runs = 7;
    int events = 500_000;
    int warmup = 400_000;
    int idleHigh = 100;
    boolean idleCost = true;
    List<String> only = null;
    List<String> modes = List.of("zlib", "plain", "zstd");
    List<String> idleClients = IDLE_CLIENTS;
    int idleBurst = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          quick = true;
          jmh = false;
          runs = 1;
          events = 3_000;
          warmup = 2_000;
          idleHigh = 3;
        }
        case "--skip-jmh" -> jmh = false;
        case "--skip-idle" -> idleCost = false;
        case "--clients" -> only = List.of(args[++i].split(","));
        case "--modes" -> modes = List.of(args[++i].split(","));
        case "--idle-clients" -> idleClients = List.of(args[++i].split(","));
        case "--idle-shards" -> idleHigh = Integer.parseInt(args[++i]);
        case "--idle-burst-kib" -> idleBurst = Integer.parseInt(args[++i]) * 1024;
        case "--out" -> out = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--events" -> events = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path logs = Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-logs");
    Report report = new Report(quick, runs, events, warmup);
    if (jmh) {
      report.jmh(runJmh());
    }
    long built = System.nanoTime();
    Script script = Script.build(42, warmup, events, "ws://127.0.0.1:1/ws");
    report.script(script, (System.nanoTime() - built) / 1_000_000);
    System.err.printf(
        "corpus: %d messages, %.1f MB plain, %.1f MB zlib-stream, %.1f MB zstd-stream%n",
        script.size(),
        script.plainBytes() / 1e6,
        script.zlibBytes() / 1e6,
        script.zstdBytes() / 1e6);
    try (BenchServer server = BenchServer.streaming(script)) {
      EndToEnd e2e = new EndToEnd(script, logs);
      List<Measured> measured = new ArrayList<>();
      for (Wire wire : List.of(Wire.ZLIB, Wire.PLAIN, Wire.ZSTD)) {
        if (!modes.contains(wire.arg())) {
          continue;
        }
        List<String> clients =
            switch (wire) {
              case ZLIB -> ZLIB_CLIENTS;
              case PLAIN -> PLAIN_CLIENTS;
              case ZSTD -> ZSTD_CLIENTS;
            };
        for (String client : clients) {
          if (only == null || only.contains(client)) {
            measured.add(new Measured(client, wire, new ArrayList<>()));
          }
        }
      }
      // Run-major: one run of every client and mode in turn, then the next round.
      for (int i = 0; i < runs; i++) {
        for (Measured m : measured) {
          m.runs().add(e2e.run(server, m.client(), m.wire(), i));
        }
      }
      for (Measured m : measured) {
        EndToEnd.Result r = e2e.result(m.client(), m.wire(), m.runs());
        System.err.printf(
            "%-13s %-5s %8.0f ns/event %9.0f events/s%n",
            m.client(), m.wire().arg(), r.cpuNanosPerEvent(), r.eventsPerSecond());
        report.endToEnd(r);
      }
    }
    IdleCost idle = new IdleCost(logs);
    for (String client : idleCost ? idleClients : List.<String>of()) {
      IdleCost.Result r = idle.measure(client, 1, idleHigh, quick ? 1 : 3, idleBurst);
      System.err.printf(
          "idle %-10s heap %.1f KiB/shard, rss %.1f KiB/shard, threads +%d%n",
          client, r.heapPerShard() / 1024, r.rssPerShard() / 1024, r.extraThreads());
      report.idle(r);
    }
    report.idleFailures(idle.failures());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.markdown());
    System.err.println("wrote " + out);
  }

  private static List<RunResult> runJmh() throws Exception {
    var options =
        new OptionsBuilder()
            .include(EnvelopeDecodeBenchmark.class.getSimpleName())
            .include(CorpusDecodeBenchmark.class.getSimpleName())
            .include(TypedDecodeBenchmark.class.getSimpleName())
            .include("dev.sluice.gateway.core.internal.codec.EventTypeDecodeBenchmark")
            .include(InflateBenchmark.class.getSimpleName())
            .include(ZstdDecodeBenchmark.class.getSimpleName())
            .include("dev.sluice.gateway.reactor.PerEventPathBenchmark")
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .build();
    return new ArrayList<>(new Runner(options).run());
  }

  /** One client in one mode, and its runs so far. */
  private record Measured(String client, Wire wire, List<EndToEnd.Run> runs) {}
}
