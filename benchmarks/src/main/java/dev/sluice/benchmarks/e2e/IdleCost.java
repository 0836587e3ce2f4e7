package dev.sluice.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link IdleMain} for one client at two shard counts and derives the cost per shard. */
public final class IdleCost {

  /** The same flags for every client: a default G1 heap, sized generously. */
  static final List<String> IDLE_JVM =
      List.of(
          "-Xms16m",
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20");

  private static final Pattern IDLE =
      Pattern.compile(
          "IDLE heap=(\\d+) rss=(\\d+) threads=(\\d+) direct=(\\d+)"
              + " heap=(\\d+) rss=(\\d+) threads=(\\d+) direct=(\\d+)");

  /** One JVM's footprint with some shards connected and idle. */
  public record Footprint(int shards, long heap, long rss, long threads, long direct) {}

  /** Footprints at the low and high shard counts, and the difference per extra shard. */
  public record Result(String client, Footprint low, Footprint high) {
    private double per(long a, long b) {
      return (double) (b - a) / (high.shards() - low.shards());
    }

    public double heapPerShard() {
      return per(low.heap(), high.heap());
    }

    public double rssPerShard() {
      return per(low.rss(), high.rss());
    }

    public double directPerShard() {
      return per(low.direct(), high.direct());
    }

    public long extraThreads() {
      return high.threads() - low.threads();
    }
  }

  private final Path logs;

  private static Footprint footprint(Matcher m, int shards, int group) {
    return new Footprint(
        shards,
        Long.parseLong(m.group(group)),
        Long.parseLong(m.group(group + 1)),
        Long.parseLong(m.group(group + 2)),
        Long.parseLong(m.group(group + 3)));
  }

  private final List<String> failures = new ArrayList<>();

  public IdleCost(Path logs) {
    this.logs = logs;
  }

  /**
   * The run (of {@code runs} JVMs) with the median RSS difference. A run in which the client fails
   * to get every shard ready (Discord4J 3.3.2 sometimes loses one to its own {@code
   * IllegalReferenceCountException}) is repeated, at most twice; {@link #failures()} keeps why.
   */
  public Result measure(String client, int low, int high, int runs) {
    return measure(client, low, high, runs, 0);
  }

  /**
   * As {@link #measure(String, int, int, int)}, each shard first receiving {@code burstBytes} of
   * dispatches (Sluice clients only: they wait for the burst's end before the reading).
   */
  public Result measure(String client, int low, int high, int runs, int burstBytes) {
    List<Result> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      for (int attempt = 1; ; attempt++) {
        try {
          all.add(once(client, low, high, i, burstBytes));
          break;
        } catch (IllegalStateException e) {
          String why = client + " run " + (i + 1) + " attempt " + attempt + ": " + firstLine(e);
          failures.add(why);
          System.err.println("idle " + why + (attempt < 3 ? "; repeating" : ""));
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }
    all.sort((a, b) -> Double.compare(a.rssPerShard(), b.rssPerShard()));
    return all.get(all.size() / 2);
  }

  /** The runs that failed and were repeated, for the report. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int cut = message.indexOf("; stderr in");
    return cut < 0 ? message : message.substring(0, cut);
  }

  private Result once(String client, int low, int high, int i, int burstBytes) {
    try (BenchServer server = BenchServer.idle(high, burstBytes)) {
      Matcher m =
          Jvm.run(
              IDLE_JVM,
              IdleMain.class,
              List.of(
                  client,
                  Integer.toString(low),
                  Integer.toString(high),
                  server.gatewayUrl(),
                  server.apiUrl(),
                  Boolean.toString(burstBytes > 0)),
              logs.resolve("idle-" + client + (burstBytes > 0 ? "-burst-" : "-") + i + ".log"),
              IDLE);
      return new Result(client, footprint(m, low, 1), footprint(m, high, 5));
    }
  }
}
