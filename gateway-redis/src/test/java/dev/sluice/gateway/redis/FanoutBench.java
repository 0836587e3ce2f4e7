package dev.sluice.gateway.redis;

import dev.sluice.gateway.testkit.FakeGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): events/s from one publishing gateway node (its own JVM) through Redis to
 * one worker (its own JVM), with the CPU each process spent per event and Redis round trips per
 * event. The fake gateway runs in this JVM and is not counted. Arguments: events (default 200000),
 * {@code always} or {@code everysec} (appendfsync, default everysec), the node's batch size
 * (default 256), warm-up events before the measured run (default 200000: the JIT of the node and
 * the worker needs some 200000 to settle; with 20000 it is still compiling in the measured run).
 */
public final class FanoutBench {

  private static final long TICKS = 100; // USER_HZ

  private FanoutBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    RedisServer server = new RedisServer();
    server.beforeAll(null);
    boolean always = args.length > 1 && args[1].equals("always");
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
    if (!always) {
      configSet(server.port(), "appendfsync", "everysec");
    }
    System.out.println(
        "appendfsync "
            + (always ? "always" : "everysec")
            + ", node batch "
            + batch
            + ", warm-up "
            + warmup);
    FakeGateway gateway = FakeGateway.builder().token(FanoutRig.TOKEN).shards(1).start();
    Process node = null;
    Process worker = null;
    try {
      node =
          child(
              PublishingNodeMain.class,
              server.uri(),
              gateway.url(),
              FanoutRig.TOKEN,
              "bench",
              "4",
              "n1",
              "1",
              "10000",
              "524288",
              Integer.toString(batch));
      AtomicLong handled = new AtomicLong();
      worker = child(BenchWorkerMain.class, server.uri(), "bench", "4");
      read(worker, handled);
      read(node, new AtomicLong());
      Conditions.await(
          Duration.ofSeconds(30), () -> gateway.openConnections() == 1, () -> "no connection");
      Conditions.await(Duration.ofSeconds(30), () -> handled.get() >= 0, () -> "worker");
      // a dispatch before the session exists reaches nobody: wait for the Identify
      Conditions.await(
          Duration.ofSeconds(30), () -> gateway.sessionsStarted() == 1, () -> "no session");
      LettuceAdapter probe = Probe.connect(server);
      try {
        warm(gateway, handled, warmup);
      } finally {
        System.out.println(
            "stream length " + StreamProbe.length(probe, new RedisKeyspace("bench", 4)));
      }
      long base = handled.get();
      RedisKeyspace keys = new RedisKeyspace("bench", 4);
      long appended0 = StreamProbe.length(probe, keys);
      long calls0 = roundTrips(server);
      long self = ProcessHandle.current().pid();
      long[] cpu0 = {cpu(node.pid()), cpu(worker.pid()), cpu(server.pid()), cpu(self)};
      long start = System.nanoTime();
      AtomicLong published = new AtomicLong();
      AtomicLong probes = new AtomicLong();
      Thread watch = watchAppends(probe, keys, appended0 + events, published, probes);
      for (int k = 0; k < events; k++) {
        gateway.dispatchToShard(0, "SLUICE_TEST", "{\"n\":" + k + ",\"pad\":\"abcdefghijklmnop\"}");
      }
      long dispatched = System.nanoTime();
      Conditions.await(
          Duration.ofSeconds(120),
          () -> handled.get() >= base + events,
          () -> "handled " + (handled.get() - base));
      long end = System.nanoTime();
      watch.join(10_000);
      long calls = roundTrips(server) - calls0 - probes.get();
      long[] cpu = {cpu(node.pid()), cpu(worker.pid()), cpu(server.pid()), cpu(self)};
      double seconds = (end - start) / 1e9;
      System.out.printf(
          "fanout bench: %d events in %.2f s = %.0f events/s end to end (fake dispatched in %.2f s)%n",
          events, seconds, events / seconds, (dispatched - start) / 1e9);
      System.out.printf(
          "  the node had appended all %d after %.2f s (%.0f events/s into the stream)%n",
          events, (published.get() - start) / 1e9, events * 1e9 / (published.get() - start));
      String[] names = {"node", "worker", "redis", "bench (fake gateway, not counted)"};
      for (int i = 0; i < 4; i++) {
        double micros = (cpu[i] - cpu0[i]) * (1e6 / TICKS) / events;
        System.out.printf(
            "  %s CPU: %.2f us/event (%.0f%% of one core)%n",
            names[i], micros, 100.0 * (cpu[i] - cpu0[i]) / TICKS / seconds);
      }
      System.out.printf(
          "  redis round trips (EVALSHA/EVAL/XREADGROUP/XACK): %.4f per event%n",
          (double) calls / events);
      System.out.println(server.info("commandstats"));
    } finally {
      for (Process p : new Process[] {node, worker}) {
        if (p != null) {
          p.destroy(); // SIGTERM first: a flight recording is written on exit
          if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
      gateway.close();
      server.afterAll(null);
    }
    System.exit(0);
  }

  /**
   * Polls XLEN every 5 ms until the streams hold {@code target} entries; records when (nanoTime)
   * and how many probe scripts it ran (to leave them out of the round trip count).
   */
  private static Thread watchAppends(
      LettuceAdapter probe, RedisKeyspace keys, long target, AtomicLong at, AtomicLong probes) {
    Thread t =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
              while (System.nanoTime() < deadline) {
                probes.addAndGet(keys.partitions());
                if (StreamProbe.length(probe, keys) >= target) {
                  at.set(System.nanoTime());
                  return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void warm(FakeGateway gateway, AtomicLong handled, int n) {
    long base = handled.get();
    for (int k = 0; k < n; k++) {
      gateway.dispatchToShard(0, "SLUICE_TEST", "{\"n\":" + k + "}");
    }
    Conditions.await(
        Duration.ofSeconds(60),
        () -> handled.get() >= base + n,
        () -> "warmup: handled " + (handled.get() - base) + " of " + n);
  }

  /** CONFIG SET over a plain socket (RESP). */
  private static void configSet(int port, String name, String value) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      String[] parts = {"CONFIG", "SET", name, value};
      StringBuilder command = new StringBuilder("*" + parts.length + "\r\n");
      for (String part : parts) {
        command.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
      }
      socket.getOutputStream().write(command.toString().getBytes(StandardCharsets.US_ASCII));
      int c = socket.getInputStream().read();
      if (c != '+') {
        throw new IOException("CONFIG SET " + name + " failed");
      }
    }
  }

  private static long roundTrips(RedisServer server) throws IOException {
    long total = 0;
    Matcher m =
        Pattern.compile("cmdstat_(evalsha|eval|xreadgroup|xack):calls=(\\d+)")
            .matcher(server.info("commandstats"));
    while (m.find()) {
      total += Long.parseLong(m.group(2));
    }
    return total;
  }

  /** utime + stime of a process, in clock ticks. */
  private static long cpu(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static Process child(Class<?> main, String... args) throws IOException {
    List<String> options = new ArrayList<>();
    String extra = System.getProperty("bench.jvm"); // e.g. a flight recording of each child
    if (extra != null) {
      options.addAll(List.of(extra.replace("{name}", main.getSimpleName()).split(" ")));
    }
    options.add("-Xmx512m");
    return ChildProcess.java(options, main, List.of(args));
  }

  private static void read(Process process, AtomicLong counter) {
    ChildProcess.follow(
        process,
        "bench-" + process.pid(),
        line -> {
          if (line.startsWith("COUNT ")) {
            counter.set(Long.parseLong(line.substring(6)));
          } else if (!line.startsWith("HOLD")) {
            System.out.println(process.pid() + ": " + line);
          }
        });
  }
}
