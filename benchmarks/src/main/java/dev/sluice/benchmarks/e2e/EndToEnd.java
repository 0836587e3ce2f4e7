package dev.sluice.benchmarks.e2e;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each client in its own JVM against one {@link BenchServer} streaming one {@link Script}, a
 * number of times, and keeps the CPU and wall time each run reports between its two marks.
 */
public final class EndToEnd {

  /**
   * JVM flags every measured client gets, so no client is tuned differently from another. {@link
   * Probe#tick} is kept out of line: its mark branches are never taken during warm-up, so once
   * inlined, reaching the first mark was an uncommon trap that threw the client's whole compiled
   * delivery path (everything {@code tick} was inlined into) back to the interpreter and had C2
   * compile it again inside the measured window.
   */
  static final List<String> CLIENT_JVM =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:+AlwaysPreTouch",
          "-XX:CompileCommand=quiet",
          "-XX:CompileCommand=dontinline,dev.sluice.benchmarks.e2e.Probe::tick");

  private static final Pattern RESULT = Pattern.compile("RESULT cpuNs=(\\d+) wallNs=(\\d+)");

  /** One run's figures. */
  public record Run(long cpuNanos, long wallNanos) {}

  /** All runs of one client in one mode; the medians are what the report shows. */
  public record Result(String client, Wire wire, int events, List<Run> runs) {

    public double cpuNanosPerEvent() {
      return median(runs.stream().mapToDouble(r -> (double) r.cpuNanos() / events).toArray());
    }

    public double eventsPerSecond() {
      return median(runs.stream().mapToDouble(r -> events * 1e9 / r.wallNanos()).toArray());
    }

    /** Smallest and largest CPU per event, to show the spread. */
    public double[] cpuRange() {
      double[] v = runs.stream().mapToDouble(r -> (double) r.cpuNanos() / events).toArray();
      return new double[] {Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0)};
    }
  }

  private final Script script;
  private final Path logs;

  public EndToEnd(Script script, Path logs) {
    this.script = script;
    this.logs = logs;
  }

  /**
   * Run {@code i} of {@code client} in a fresh JVM. The report's runner takes one run of every
   * client in turn, so that a burst of load on the machine falls on every client alike rather than
   * on all the runs of one, and the ratios compare figures measured minutes apart at most.
   */
  public Run run(BenchServer server, String client, Wire wire, int i) {
    ClientMain.Unit unit = ClientMain.client(client).unit();
    return once(
        server, client, wire, mark(unit, script.atWarmupEnd()), mark(unit, script.atEnd()), i);
  }

  /** The result of {@code client}'s {@code runs}. */
  public Result result(String client, Wire wire, List<Run> runs) {
    return new Result(client, wire, script.measuredDispatches(), List.copyOf(runs));
  }

  private Run once(BenchServer server, String client, Wire wire, long warm, long end, int i) {
    String mode = wire.arg();
    Matcher m =
        Jvm.run(
            CLIENT_JVM,
            ClientMain.class,
            List.of(
                client,
                mode,
                server.gatewayUrl(),
                server.apiUrl(),
                Long.toString(warm),
                Long.toString(end)),
            logs.resolve(client + "-" + mode + "-" + i + ".log"),
            RESULT);
    return new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  /** Where a client counting in {@code unit} is when it has seen {@code counts}. */
  private static long mark(ClientMain.Unit unit, Script.Counts counts) {
    return switch (unit) {
      case FRAMES -> counts.frames;
      case DISPATCHES -> counts.dispatches;
      case MESSAGE_CREATES -> counts.messageCreates;
      case MARKERS -> -1; // JDA: marker message ids, not counts
    };
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
