package dev.sluice.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs each client in its own JVM against one {@link BenchServer} streaming one {@link Script}, a
 * number of times, and keeps the CPU and wall time each run reports between its two marks.
 */
public final class EndToEnd {

  /** JVM flags every measured client gets, so no client is tuned differently from another. */
  static final List<String> CLIENT_JVM =
      List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");

  private static final Pattern RESULT = Pattern.compile("RESULT cpuNs=(\\d+) wallNs=(\\d+)");

  /** One run's figures. */
  public record Run(long cpuNanos, long wallNanos) {}

  /** All runs of one client in one mode; the medians are what the report shows. */
  public record Result(String client, boolean zlib, int events, List<Run> runs) {

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

  /** Runs {@code client} {@code runs} times in fresh JVMs and returns every run. */
  public Result measure(BenchServer server, String client, boolean zlib, int runs) {
    ClientMain.Unit unit = ClientMain.client(client).unit();
    long warm =
        switch (unit) {
          case FRAMES -> script.atWarmupEnd().frames;
          case DISPATCHES -> script.atWarmupEnd().dispatches;
          case MESSAGE_CREATES -> script.atWarmupEnd().messageCreates;
          case MARKERS -> -1;
        };
    long end =
        switch (unit) {
          case FRAMES -> script.atEnd().frames;
          case DISPATCHES -> script.atEnd().dispatches;
          case MESSAGE_CREATES -> script.atEnd().messageCreates;
          case MARKERS -> -1;
        };
    List<Run> done = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      done.add(once(server, client, zlib, warm, end, i));
    }
    return new Result(client, zlib, script.measuredDispatches(), done);
  }

  private Run once(BenchServer server, String client, boolean zlib, long warm, long end, int i) {
    String mode = zlib ? "zlib" : "plain";
    List<String> command = new ArrayList<>(Jvm.java());
    command.addAll(CLIENT_JVM);
    // Diagnostics only (a profiler, -Dbench.threads=true): never part of a reported run.
    String extra = System.getProperty("bench.clientFlags", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ClientMain.class.getName(),
            client,
            mode,
            server.gatewayUrl(),
            server.apiUrl(),
            Long.toString(warm),
            Long.toString(end)));
    Path log = logs.resolve(client + "-" + mode + "-" + i + ".log");
    try {
      Files.createDirectories(logs);
      Process process =
          new ProcessBuilder(command)
              .redirectError(log.toFile())
              .redirectInput(Path.of("/dev/null").toFile())
              .start();
      String result = null;
      List<String> out = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          out.add(line);
          if (line.startsWith("RESULT")) {
            result = line;
          }
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Matcher m = result == null ? null : RESULT.matcher(result);
      if (m == null || !m.find()) {
        throw new IllegalStateException(
            client + " (" + mode + ") run " + i + " failed: " + out + "; stderr in " + log);
      }
      return new Run(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
