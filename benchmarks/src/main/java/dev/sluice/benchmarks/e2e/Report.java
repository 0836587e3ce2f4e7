package dev.sluice.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;

/** Collects every figure of a benchmark run and renders {@code docs/benchmarks.md}. */
public final class Report {

  private final boolean quick;
  private final int runs;
  private final int events;
  private final int warmup;
  private final List<RunResult> jmh = new ArrayList<>();
  private final Map<String, EndToEnd.Result> zlib = new LinkedHashMap<>();
  private final Map<String, EndToEnd.Result> plain = new LinkedHashMap<>();
  private final Map<String, EndToEnd.Result> zstd = new LinkedHashMap<>();
  private final List<IdleCost.Result> idle = new ArrayList<>();
  private final List<String> idleFailures = new ArrayList<>();
  private String corpus = "";

  public Report(boolean quick, int runs, int events, int warmup) {
    this.quick = quick;
    this.runs = runs;
    this.events = events;
    this.warmup = warmup;
  }

  public void jmh(List<RunResult> results) {
    jmh.addAll(results);
  }

  public void script(Script script, long buildMillis) {
    corpus =
        String.format(
            Locale.ROOT,
            "%,d messages in all (%,d warm-up + %,d measured dispatches, Hello, READY, 3 starting"
                + " GUILD_CREATEs, an ACK every %d messages): %.1f MB as plain JSON (%.0f bytes a"
                + " message on average), %.1f MB as one zlib-stream, %.1f MB as one zstd-stream"
                + " (level 3); generated in %d ms",
            script.size(),
            warmup,
            events,
            Script.ACK_EVERY,
            script.plainBytes() / 1e6,
            (double) script.plainBytes() / script.size(),
            script.zlibBytes() / 1e6,
            script.zstdBytes() / 1e6,
            buildMillis);
  }

  public void endToEnd(EndToEnd.Result result) {
    (switch (result.wire()) {
          case ZLIB -> zlib;
          case ZSTD -> zstd;
          case PLAIN -> plain;
        })
        .put(result.client(), result);
  }

  public void idle(IdleCost.Result result) {
    idle.add(result);
  }

  /** Idle runs that failed and were repeated (they are not in the figures). */
  public void idleFailures(List<String> failures) {
    idleFailures.addAll(failures);
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append(
        "<!-- Written by `benchmarks/run` (BenchMain); edit the generator, not this file. -->\n\n");
    if (quick) {
      md.append("**Smoke run** (`--quick`): tiny corpus, one run; the figures mean nothing.\n\n");
    }
    md.append("Run on ")
        .append(LocalDate.now())
        .append(": ")
        .append(machine())
        .append("; ")
        .append(Jvm.describe())
        .append(". Versions: Sluice ")
        .append(version("sluice"))
        .append(", Discord4J ")
        .append(version("discord4j"))
        .append(", JDA ")
        .append(version("jda"))
        .append(", Reactor ")
        .append(version("reactor"))
        .append(", Jackson ")
        .append(version("jackson"))
        .append(".\n\n");
    md.append("Reproduce with one command (about 30 minutes on 2 cores):\n\n");
    md.append("```\nbenchmarks/run\n```\n\n");
    md.append(
        "It builds the project, runs the JMH benchmarks, the end-to-end harness and the idle");
    md.append(" measurement, and rewrites this file. `mvn -B verify` runs the same harness as a");
    md.append(" smoke test (`BenchSmokeTest`: tiny corpus, every client once). What the profiles");
    md.append(" showed and what was changed, with figures before and after:");
    md.append(" [performance.md](performance.md). Many shards under load (2,500 shards with");
    md.append(" traffic in one JVM) has its own command and report:");
    md.append(" [many-shards.md](many-shards.md); fan-out through Redis (gateway-redis) in");
    md.append(" [fanout.md](fanout.md#throughput-benchmark).\n\n");
    endToEndSection(md);
    idleSection(md);
    jmhSection(md);
    md.append(method());
    return md.toString();
  }

  private void endToEndSection(StringBuilder md) {
    md.append(
        String.format(Locale.ROOT, "## End to end: %,d dispatches over loopback%n%n", events));
    md.append(corpus).append(".\n\n");
    table(md, "zlib-stream", zlib, "floor-inflate", "discord4j");
    table(md, "plain JSON", plain, "floor-tree", null);
    if (!zstd.isEmpty()) {
      table(md, "zstd-stream", zstd, "floor-inflate", null);
    }
    md.append("### Targets\n\n");
    md.append("| target | measured | met |\n|---|---|---|\n");
    EndToEnd.Result raw = zlib.get("sluice-raw");
    EndToEnd.Result inflate = zlib.get("floor-inflate");
    EndToEnd.Result d4j = zlib.get("discord4j");
    if (raw != null && inflate != null) {
      double cpu = raw.cpuNanosPerEvent() / inflate.cpuNanosPerEvent();
      target(md, "zlib: CPU/event ≤ 1.15× inflate-only floor", cpu, cpu <= 1.15);
      double rate = raw.eventsPerSecond() / inflate.eventsPerSecond();
      target(md, "zlib: events/s ≥ 0.9× inflate-only floor", rate, rate >= 0.9);
    }
    EndToEnd.Result once = zlib.get("floor-inflate-once");
    if (raw != null && once != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "| (for reference, not a target) zlib: against the one-call inflate floor | %.2f×"
                  + " CPU, %.2f× events/s | – |%n",
              raw.cpuNanosPerEvent() / once.cpuNanosPerEvent(),
              raw.eventsPerSecond() / once.eventsPerSecond()));
    }
    if (raw != null && d4j != null) {
      double rate = raw.eventsPerSecond() / d4j.eventsPerSecond();
      target(md, "zlib: events/s ≥ 3.5× Discord4J", rate, rate >= 3.5);
      double cpu = raw.cpuNanosPerEvent() / d4j.cpuNanosPerEvent();
      target(md, "zlib: CPU/event ≤ ¼ of Discord4J's", cpu, cpu <= 0.25);
    }
    EndToEnd.Result plainRaw = plain.get("sluice-raw");
    EndToEnd.Result tree = plain.get("floor-tree");
    if (plainRaw != null && tree != null) {
      double cpu = plainRaw.cpuNanosPerEvent() / tree.cpuNanosPerEvent();
      target(md, "plain: CPU/event ≤ 1.0× readTree floor", cpu, cpu <= 1.0);
      double rate = plainRaw.eventsPerSecond() / tree.eventsPerSecond();
      target(md, "plain: events/s ≥ 1.2× readTree floor", rate, rate >= 1.2);
    }
    typedTargets(md);
    zstdTargets(md);
    for (IdleCost.Result r : idle) {
      if (r.client().equals("sluice")) {
        double heap = r.heapPerShard() / 1024;
        target(md, "heap per idle shard ≤ 35 KiB", heap, heap <= 35, "%.1f KiB");
        double rss = r.rssPerShard() / 1024;
        target(md, "RSS per idle shard ≤ 80 KiB", rss, rss <= 80, "%.1f KiB");
        target(
            md,
            "threads independent of shard count",
            r.extraThreads(),
            r.extraThreads() == 0,
            "%+.0f threads");
      }
    }
    md.append("\nThe Sluice row held to the targets is `sluice-raw` (`client.raw()`: every event,");
    md.append(" undecoded), except for the `events()` ones (`sluice-events`: every event typed).");
    md.append(" The ratios are of medians from this run.\n\n");
  }

  /** Every dispatch decoded to its record costs no more CPU than a Jackson tree of it. */
  private void typedTargets(StringBuilder md) {
    for (var mode : List.of(Map.entry("zlib", zlib), Map.entry("plain", plain))) {
      EndToEnd.Result events = mode.getValue().get("sluice-events");
      EndToEnd.Result tree = mode.getValue().get("floor-tree");
      if (events != null && tree != null) {
        double cpu = events.cpuNanosPerEvent() / tree.cpuNanosPerEvent();
        String name = mode.getKey() + ": `events()` CPU/event ≤ 1.0× readTree floor";
        target(md, name, cpu, cpu <= 1.0);
      }
    }
  }

  /** zstd-stream against zlib-stream, same run: Sluice {@code raw()} on both. */
  private void zstdTargets(StringBuilder md) {
    EndToEnd.Result overZstd = zstd.get("sluice-raw");
    EndToEnd.Result overZlib = zlib.get("sluice-raw");
    if (overZstd == null || overZlib == null) {
      return;
    }
    double rate = overZstd.eventsPerSecond() / overZlib.eventsPerSecond();
    target(md, "zstd: `raw()` events/s ≥ 2× its zlib-stream events/s", rate, rate >= 2);
    double cpu = overZstd.cpuNanosPerEvent() / overZlib.cpuNanosPerEvent();
    target(md, "zstd: `raw()` CPU/event ≤ 0.5× its zlib-stream CPU/event", cpu, cpu <= 0.5);
  }

  private void table(
      StringBuilder md, String mode, Map<String, EndToEnd.Result> rows, String floor, String d4j) {
    md.append("### ").append(mode).append("\n\n");
    md.append(
        "| client | CPU µs/event (median) | min–max | events/s (median) | CPU vs "
            + floor
            + " |\n|---|---:|---:|---:|---:|\n");
    EndToEnd.Result base = rows.get(floor);
    for (EndToEnd.Result r : rows.values()) {
      double[] range = r.cpuRange();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f–%.2f | %,.0f | %s |%n",
              label(r.client()),
              r.cpuNanosPerEvent() / 1000,
              range[0] / 1000,
              range[1] / 1000,
              r.eventsPerSecond(),
              base == null
                  ? "–"
                  : String.format(
                      Locale.ROOT, "%.2f×", r.cpuNanosPerEvent() / base.cpuNanosPerEvent())));
    }
    md.append('\n');
  }

  private static String label(String client) {
    return switch (client) {
      case "floor-frames" -> "floor: frames only (Reactor Netty)";
      case "floor-inflate" -> "floor: frames + inflate (zstd-stream: + zstd decode)";
      case "floor-inflate-once" -> "floor: frames + inflate, one native call a message";
      case "floor-inflate-copy" -> "floor: frames + inflate + each message copied out";
      case "floor-tree" -> "floor: frames (+ inflate) + Jackson `readTree`";
      case "sluice-raw" -> "**Sluice** `raw()` (all events)";
      case "sluice-raw-metrics" -> "Sluice `raw()` with Micrometer meters (`SluiceMetrics`)";
      case "sluice-typed" -> "Sluice `on(MessageCreate.class)` (typed)";
      case "sluice-events" -> "Sluice `events()` (all events, typed)";
      case "discord4j" -> "Discord4J gateway client (`dispatch()`)";
      case "jda" -> "JDA (`JDABuilder`, listener)";
      default -> client;
    };
  }

  private static void target(StringBuilder md, String name, double value, boolean met) {
    target(md, name, value, met, "%.2f×");
  }

  private static void target(
      StringBuilder md, String name, double value, boolean met, String format) {
    md.append("| ")
        .append(name)
        .append(" | ")
        .append(String.format(Locale.ROOT, format, value))
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  private void idleSection(StringBuilder md) {
    if (idle.isEmpty()) {
      return;
    }
    int low = idle.get(0).low().shards();
    int high = idle.get(0).high().shards();
    md.append("## Idle cost: ").append(low).append(" vs ").append(high).append(" shards\n\n");
    md.append(
        "Each client's defaults (zlib-stream); `sluice-zstd` is Sluice over zstd-stream (the");
    md.append(" server's level-3 context, the client's window bound 8 MiB). One JVM per client");
    md.append(" connects the first shard,");
    md.append(" then the rest, and reads its footprint after each step (5 s after every shard is");
    md.append(" READY, after three `System.gc()`); flags ");
    md.append(String.join(" ", IdleCost.IDLE_JVM));
    md.append(" (a heap that shrinks to what is live, so RSS follows it). The run with the median");
    md.append(" RSS difference of 3 is shown.\n\n");
    md.append(
        "| client | heap @"
            + low
            + " | heap @"
            + high
            + " | heap/shard | RSS @"
            + low
            + " | RSS @"
            + high
            + " | RSS/shard | threads @"
            + low
            + " → @"
            + high
            + " | direct/shard |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (IdleCost.Result r : idle) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f MiB | %.1f MiB | %.1f KiB | %.1f MiB | %.1f MiB | %.1f KiB | %d → %d |"
                  + " %.1f KiB |%n",
              r.client(),
              r.low().heap() / 1048576.0,
              r.high().heap() / 1048576.0,
              r.heapPerShard() / 1024,
              r.low().rss() / 1048576.0,
              r.high().rss() / 1048576.0,
              r.rssPerShard() / 1024,
              r.low().threads(),
              r.high().threads(),
              r.directPerShard() / 1024));
    }
    md.append('\n');
    if (!idleFailures.isEmpty()) {
      md.append("Runs that failed and were repeated (not in the figures):\n\n");
      for (String failure : idleFailures) {
        md.append("- ").append(failure).append('\n');
      }
      md.append('\n');
    }
  }

  private void jmhSection(StringBuilder md) {
    if (jmh.isEmpty()) {
      return;
    }
    md.append("## Microbenchmarks (JMH)\n\n");
    md.append("1 fork, 3 × 1 s warm-up, 5 × 1 s measurement; average time per operation.\n\n");
    md.append("| benchmark | parameters | ns/op | ± (99.9%) |\n|---|---|---:|---:|\n");
    for (RunResult r : jmh) {
      var params = r.getParams();
      List<String> ps = new ArrayList<>();
      for (String key : params.getParamsKeys()) {
        ps.add(key + "=" + params.getParam(key));
      }
      String name = params.getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f |%n",
              name,
              String.join(", ", ps),
              r.getPrimaryResult().getScore(),
              r.getPrimaryResult().getScoreError()));
    }
    md.append('\n');
  }

  private String method() {
    return """
        ## Method

        - **Corpus.** `Corpus` generates the dispatches from a fixed seed: MESSAGE_CREATE 30%%,
          PRESENCE_UPDATE 30%%, TYPING_START 20%%, MESSAGE_REACTION_ADD 12%%, GUILD_MEMBER_UPDATE 8%%,
          shaped and key-ordered as Discord sends them today (members, avatars, nulls, flags), plus
          GUILD_CREATEs of medium guilds (250 members with presences, 50 channels, 25 roles): 3 at
          the start, 1 during warm-up, 4 during the measured phase. Events reference the guilds,
          channels and members those GUILD_CREATEs declare, so JDA's cache processes every one.
        - **Server.** `BenchServer`, a Reactor Netty server on 127.0.0.1 in the harness's JVM,
          serves `/gateway`, `/gateway/bot`, `/users/@me` and the WebSocket. The whole session is
          prepared before any client starts, as plain JSON, as one zlib-stream (one deflate
          context, sync flush per message) and as one zstd-stream (one zstd context at level 3,
          flushed per message, the frame never ended), so the server only copies bytes. Heartbeat ACKs are part
          of the stream (every 1,000 messages, and one right after Hello for clients that wait for
          an ACK before identifying).
        - **Clients.** Each run is a fresh JVM (`%s`); the flags are the same for every client.
          `AlwaysPreTouch` keeps the kernel's first-touch page faults of a growing young generation
          out of the figures (without it they showed up as system time in whichever phase the heap
          grew). A client connects, identifies, receives READY, the GUILD_CREATEs and the warm-up
          phase (%,d dispatches), then the measured phase (%,d dispatches). The server holds the
          measured phase back until the client's JIT has compiled nothing for 0.5 s (at most 20 s;
          the client asks for it over HTTP), so that compiling what the warm-up made hot is not
          counted per event. CPU per event is the JVM's process CPU time (all threads: event loop,
          JIT, GC) from that request to the last measured dispatch, divided by the measured
          dispatches; events/s is measured dispatches over the wall time between the same two
          points. The marks are counts
          (frames, dispatches or MESSAGE_CREATEs, whatever the client sees), except for JDA, which
          turns only some dispatches into events: its marks are the ids of the two marker
          messages. Medians of %d runs, taken in rounds: one run of every client and mode in turn,
          then the next round, so that a burst of load on the machine falls on every client alike
          and a ratio compares runs taken minutes apart at most. `Probe.tick` (the counter every client calls) is kept out
          of line: inlined, reaching the first mark was an uncommon trap that sent the caller's
          whole compiled delivery path back to the interpreter inside the measured phase.
        - **Floors.** A bare Reactor Netty WebSocket client that identifies and then only counts
          frames, or also inflates each (one `Inflater`, a reused output buffer, the usual loop
          that calls `inflate` until it returns nothing), or also parses each message with
          Jackson 3 `readTree`. In plain JSON there is nothing to inflate. The targets are
          against these. Sluice stops after one `inflate` call when all input was taken and room
          is left (the message is complete then); the "one native call" floor does the same, and
          Sluice's ratios against it are shown for reference.
        - **Sluice.** `GatewayClient` with defaults (zlib-stream or `Compression.NONE`), subscribed
          with `raw()` (every dispatch, undecoded), `on(MessageCreate.class)` (only MESSAGE_CREATE,
          bound to its record) or `events()` (every dispatch, each bound to its record).
        - **Discord4J.** `DefaultGatewayClient` of discord4j-gateway (the layer under
          `GatewayDiscordClient`, no entity cache), subscribed to `dispatch()`. It decodes every
          payload into discord-json objects. It only speaks zlib-stream, so it has no plain row.
        - **JDA.** `JDABuilder.create` with the intents the corpus needs, default caches, member
          chunking off (the server does not answer op 8) and a session controller pointing at the
          server; a listener's `onMessageReceived` sees the marks.
        - **Idle.** `IdleMain` connects 1 shard, then N − 1 more, in one JVM (Sluice: a
          `ShardGroup` per step; Discord4J: gateway clients sharing one `GatewayReactorResources`;
          JDA: a `DefaultShardManager` per step) to an idle `BenchServer` (Hello, READY, ACKs). After
          each step it waits 5 s, collects garbage and reads heap used, VmRSS, live threads and
          direct memory (NIO plus Netty's allocator). Per shard is the difference divided by N − 1;
          measuring both counts in one JVM keeps class loading and JIT out of the difference.
        """
        .formatted(String.join(" ", EndToEnd.CLIENT_JVM), warmup, events, runs);
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: leave it unknown
    }
    var os = ManagementFactory.getOperatingSystemMXBean();
    return cpu + ", " + Jvm.processors() + " cores, " + os.getName() + " " + os.getVersion();
  }

  private static String version(String name) {
    var versions = new java.util.Properties();
    try (var in = Report.class.getResourceAsStream("/bench-versions.properties")) {
      if (in != null) {
        versions.load(in);
      }
    } catch (java.io.IOException e) {
      return "?";
    }
    return versions.getProperty(name, "?");
  }
}
