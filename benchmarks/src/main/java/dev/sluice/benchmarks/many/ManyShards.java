package dev.sluice.benchmarks.many;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.ShardGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.scheduler.Schedulers;

/**
 * Many shards under load, its own command: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.sluice.benchmarks.many.ManyShards [--shards 2500] [--rate 50000] [--seconds 120]
 * [--interval-ms 250] [--concurrency 16] [--heartbeat-ms 41250] [--out docs/many-shards.md]}.
 *
 * <p>Starts a {@link LoadServer} in its own JVM, connects every shard it recommends from this JVM
 * (one {@link ShardGroup}, {@code raw()} subscribed, identify window scaled to {@code interval-ms}
 * with {@code concurrency} buckets), waits until all are READY (the bring-up time), then measures
 * for {@code seconds}: heartbeat round trips as Sluice sees them (Heartbeat sent → ACK received),
 * missed ACKs (zombie reconnects), every reconnect, events delivered a second, CPU of both
 * processes, live threads; then heap after GC and RSS per shard. Writes a Markdown report.
 */
public final class ManyShards {

  private static final String TOKEN = "MTAwMjAwMzAwNDAwNTAwNjAwNw.many.shards";

  record Options(
      int shards,
      int rate,
      int seconds,
      int intervalMs,
      int concurrency,
      long heartbeatMs,
      Path out) {}

  private ManyShards() {}

  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    String report = run(o);
    Files.createDirectories(o.out().toAbsolutePath().getParent());
    Files.writeString(o.out(), report);
    System.out.println(report);
    if (!List.of(args).contains("--no-exit")) {
      System.exit(0); // the shards' event loops are not daemon threads
    }
  }

  static Options parse(String[] args) {
    int shards = 2500;
    int rate = 50_000;
    int seconds = 120;
    int interval = 250;
    int concurrency = 16;
    long heartbeat = 41_250;
    Path out = Path.of("docs/many-shards.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shards" -> shards = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--interval-ms" -> interval = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--heartbeat-ms" -> heartbeat = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--no-exit" -> {}
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new Options(shards, rate, seconds, interval, concurrency, heartbeat, out);
  }

  /** Runs the measurement and returns the report. */
  static String run(Options o) throws Exception {
    Process server = startServer(o);
    try {
      String api = "http://127.0.0.1:" + port(server) + "/api/v10";
      return measure(o, server, api);
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String measure(Options o, Process server, String api) throws Exception {
    LoadObserver observer = new LoadObserver();
    AtomicLong events = new AtomicLong();
    ShardGroup group =
        ShardGroup.builder(BotToken.of(TOKEN))
            .apiUrl(api)
            .recommendedShards()
            .identifyLimiter(
                new ScaledIdentifyLimiter(
                    o.concurrency(), Duration.ofMillis(o.intervalMs()), Schedulers.parallel()))
            .eachShard(b -> b.compression(Compression.NONE).observer(observer))
            .build();
    CountDownLatch ready = new CountDownLatch(o.shards());
    var seen = ConcurrentHashMap.<Integer>newKeySet();
    group
        .states()
        .filter(s -> s.state() instanceof GatewayState.Ready)
        .subscribe(s -> (seen.add(s.shard().id()) ? ready : new CountDownLatch(0)).countDown());
    group.raw().subscribe(e -> events.incrementAndGet());
    long start = System.nanoTime();
    group.connect().subscribe(null, e -> System.err.println("group failed: " + e));
    long bound = (long) o.shards() / o.concurrency() * o.intervalMs() * 3 + 120_000;
    if (!ready.await(bound, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          ready.getCount() + " shards not READY after " + bound + " ms");
    }
    double bringUp = (System.nanoTime() - start) / 1e9;
    long identifiesAtReady = observer.identifies();
    int threadsAtReady = threads();
    observer.reset();
    long events0 = events.get();
    long cpu0 = processCpuNanos();
    long serverCpu0 = cpuNanosOf(server.pid());
    long t0 = System.nanoTime();
    int minThreads = threadsAtReady;
    int maxThreads = threadsAtReady;
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(o.seconds())) {
      Thread.sleep(1000);
      minThreads = Math.min(minThreads, threads());
      maxThreads = Math.max(maxThreads, threads());
    }
    double window = (System.nanoTime() - t0) / 1e9;
    long delivered = events.get() - events0;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double serverCpu = (cpuNanosOf(server.pid()) - serverCpu0) / 1e9;
    double[] rtt = observer.roundTripsMillis();
    long reconnects = observer.reconnects();
    long zombies = observer.zombies();
    String stats = get("http://127.0.0.1:" + URI.create(api).getPort() + "/stats");
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss = dev.sluice.benchmarks.e2e.IdleMain.rss();
    group.close().block(Duration.ofSeconds(60));
    return String.format(
        Locale.ROOT,
        """
        # Many shards under load

        Generated by `java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.many.ManyShards \
        --shards %d --rate %d --seconds %d --interval-ms %d --concurrency %d --heartbeat-ms %d` \
        on %d cores (`%s`). One JVM holds every shard (`ShardGroup`, `raw()` subscribed, plain \
        JSON); the load server runs in its own JVM on the same machine and spreads %,d \
        MESSAGE_CREATE a second round-robin over every READY session.

        | measure | value |
        |---|---:|
        | shards | %d |
        | bring-up to all READY (max_concurrency %d, window %d ms) | %.1f s |
        | Identifies sent (client) | %d |
        | measured window after all READY | %.0f s |
        | events delivered | %,.0f /s (offered %,d /s) |
        | heartbeat round trips measured | %.0f |
        | heartbeat round trip p50 / p99 / max | %.1f / %.1f / %.1f ms |
        | **missed ACKs (zombie reconnects)** | **%d** |
        | reconnects of any cause | %d |
        | client CPU (100 %% = one core of %d) | %.0f %% |
        | load server CPU | %.0f %% |
        | heap after GC per shard | %,.0f bytes |
        | RSS per shard | %,.0f bytes (RSS %,.0f MB) |
        | live threads (at READY / min / max in window) | %d / %d / %d |
        | Identifies of one bucket inside the window (judged by the server) | %s |
        | load server counters | `%s` |
        """,
        o.shards(),
        o.rate(),
        o.seconds(),
        o.intervalMs(),
        o.concurrency(),
        o.heartbeatMs(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        o.rate(),
        o.shards(),
        o.concurrency(),
        o.intervalMs(),
        bringUp,
        identifiesAtReady,
        window,
        delivered / window,
        o.rate(),
        rtt[0],
        rtt[1],
        rtt[2],
        rtt[3],
        zombies,
        reconnects,
        Runtime.getRuntime().availableProcessors(),
        100 * cpu / window,
        100 * serverCpu / window,
        (double) heap / o.shards(),
        (double) rss / o.shards(),
        rss / 1e6,
        threadsAtReady,
        minThreads,
        maxThreads,
        counter(stats, "violations"),
        stats);
  }

  private static Process startServer(Options o) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path")));
    command.add("-Dload.trace=" + Boolean.getBoolean("load.trace"));
    command.add(LoadServer.class.getName());
    command.addAll(
        List.of(
            Integer.toString(o.shards()),
            Integer.toString(o.rate()),
            Integer.toString(o.intervalMs()),
            Integer.toString(o.concurrency()),
            Long.toString(o.heartbeatMs())));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static int port(Process server) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.startsWith("LISTENING ")) {
        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
      }
    }
    throw new IllegalStateException("load server exited before listening");
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** One counter of the load server's {@code /stats} answer. */
  static String counter(String stats, String name) {
    var m = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(stats);
    return m.find() ? m.group(1) : "?";
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of another process, from /proc (clock ticks of 10 ms). */
  private static long cpuNanosOf(long pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }
}
