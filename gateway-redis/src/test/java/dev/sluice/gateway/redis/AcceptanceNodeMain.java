package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.ShardLease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * One cluster node in its own JVM for the acceptance tests ({@link NodeProcess} starts it).
 * Arguments are {@code key=value}: redis, gateway, api (budget from the fake's {@code
 * /gateway/bot}; without it a budget of 1000), token, cluster, node, shards, ttl, concurrency,
 * interval, reserve, barrier ({@code true}: record a heartbeat, print {@code REGISTERED} and wait
 * for {@code GO} on stdin before running, so that nodes started together place shards once).
 *
 * <p>Prints {@code EV <n> <shard> <seq> <sid>} per SLUICE_TEST event delivered, {@code HOLD <ids>}
 * when its shards change, {@code STATE <shard> <state> <reason>} on state changes, {@code GRANT
 * <shard> <ms> <used>}. Stdin {@code STALE} writes each lease it ever held under that lease's fence
 * straight to Redis (as a paused process whose own check had passed would) and prints {@code
 * STALE-WRITE <shard> <fence> ACCEPTED|REFUSED <why>}. SIGTERM hands its shards over and exits 0.
 */
public final class AcceptanceNodeMain {

  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  private AcceptanceNodeMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Map<String, String> opt = new HashMap<>();
    for (String arg : args) {
      opt.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Duration ttl = Duration.ofMillis(Long.parseLong(opt.get("ttl")));
    BotToken token = BotToken.of(opt.get("token"));
    out.println("START pid " + ProcessHandle.current().pid());
    LettuceAdapter redis = LettuceAdapter.connect(opt.get("redis")).block(Duration.ofSeconds(10));
    RedisKeyspace keys = RedisKeyspace.of(opt.get("cluster"));
    String node = opt.get("node");
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, keys, node, Integer.parseInt(opt.get("shards")))
            .leaseTtl(ttl)
            .build();
    RedisIdentifyLimiter limiter = limiter(opt, redis, keys, token);
    limiter
        .grants()
        .subscribe(
            g -> print(out, "GRANT " + g.shard().id() + " " + g.serverMillis() + " " + g.used()));
    ShardCluster cluster =
        ShardCluster.builder(
                token, leases, lease -> RedisSessionStore.forLease(redis, keys, lease), limiter)
            .gatewayUrl(opt.get("gateway"))
            .eachShard(b -> b.compression(Compression.NONE))
            .build();
    Map<Integer, String> sessions = new ConcurrentHashMap<>();
    List<ShardLease> everHeld = new CopyOnWriteArrayList<>();
    leases.assignments().subscribe(everHeld::add);
    report(cluster, sessions, out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(cluster, out)));
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (Boolean.parseBoolean(opt.getOrDefault("barrier", "false"))) {
      redis
          .run(
              LuaScripts.HEARTBEAT,
              List.of(keys.nodes()),
              List.of(node, Long.toString(ttl.toMillis())))
          .block(Duration.ofSeconds(10));
      print(out, "REGISTERED");
      while (!"GO".equals(stdin.readLine())) {
        // wait for the test's go
      }
    }
    cluster.run().subscribe(null, e -> print(out, "RUN FAILED " + e));
    commands(stdin, out, redis, keys, everHeld, sessions);
  }

  private static RedisIdentifyLimiter limiter(
      Map<String, String> opt, LettuceAdapter redis, RedisKeyspace keys, BotToken token) {
    Mono<SessionStartLimit> budget =
        opt.containsKey("api")
            ? GatewayBotLookup.fetch(
                    HttpClient.create(), opt.get("api"), token, Schedulers.parallel())
                .map(GatewayBot::sessionStartLimit)
            : Mono.just(new SessionStartLimit(1000, 1000, 86_400_000, 1));
    return RedisIdentifyLimiter.builder(redis, keys)
        .maxConcurrency(Integer.parseInt(opt.get("concurrency")))
        .interval(Duration.ofMillis(Long.parseLong(opt.get("interval"))))
        .reserve(Integer.parseInt(opt.getOrDefault("reserve", "5")))
        .grantDeadline(Duration.ofMillis(150))
        .budgetLookup(budget)
        .build();
  }

  /** Prints states, held shards (when they change) and every SLUICE_TEST event delivered. */
  private static void report(ShardCluster cluster, Map<Integer, String> sessions, PrintStream out) {
    cluster
        .states()
        .subscribe(
            s -> {
              // Resuming names the session before Discord replays into it (RESUMED comes after).
              if (s.state() instanceof GatewayState.Resuming r) {
                sessions.put(s.shard().id(), r.session().sessionId());
              } else if (s.state() instanceof GatewayState.Ready r) {
                sessions.put(s.shard().id(), r.session().sessionId());
              }
              print(out, "STATE " + s.shard().id() + " " + describe(s.state()));
            });
    Flux.interval(Duration.ofMillis(50))
        .map(i -> cluster.shardIds())
        .distinctUntilChanged()
        .subscribe(ids -> print(out, "HOLD " + ids));
    cluster
        .raw()
        .filter(e -> "SLUICE_TEST".equals(e.meta().type()))
        .subscribe(
            e -> {
              Matcher m = N.matcher(e.json());
              if (m.find()) {
                int shard = e.meta().shard().id();
                String sid = sessions.get(shard);
                print(
                    out, "EV " + m.group(1) + " " + shard + " " + e.meta().sequence() + " " + sid);
              }
            });
  }

  private static void stop(ShardCluster cluster, PrintStream out) {
    print(out, "STOPPING");
    try {
      cluster.stop().block(Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      e.printStackTrace(out);
    }
    print(out, "STOPPED");
  }

  private static void commands(
      BufferedReader stdin,
      PrintStream out,
      LettuceAdapter redis,
      RedisKeyspace keys,
      List<ShardLease> everHeld,
      Map<Integer, String> sessions)
      throws IOException, InterruptedException {
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("STALE")) {
        for (ShardLease lease : everHeld) {
          if (!lease.isLost()) {
            continue; // still held: a write under it is legitimate
          }
          print(
              out,
              "STALE-WRITE "
                  + lease.shard().id()
                  + " "
                  + lease.fence()
                  + " "
                  + staleWrite(redis, keys, lease, sessions));
        }
        print(out, "STALE-DONE");
      }
    }
    Thread.currentThread().join(); // stdin closed: keep running until stopped
  }

  /** A session write under {@code lease}'s fence without the local check: what Redis answers. */
  private static String staleWrite(
      LettuceAdapter redis, RedisKeyspace keys, ShardLease lease, Map<Integer, String> sessions) {
    int shard = lease.shard().id();
    try {
      redis
          .run(
              LuaScripts.SAVE_SESSION,
              List.of(keys.lease(shard), keys.session(shard)),
              List.of(
                  Long.toString(lease.fence()),
                  sessions.getOrDefault(shard, "zombie"),
                  Long.toString(Long.MAX_VALUE / 2),
                  "ws://127.0.0.1:1",
                  Integer.toString(lease.shard().count())))
          .block(Duration.ofSeconds(10));
      return "ACCEPTED";
    } catch (RuntimeException e) {
      return "REFUSED " + e.getMessage().replace('\n', ' ');
    }
  }

  private static String describe(GatewayState state) {
    if (state instanceof GatewayState.AwaitingIdentify a) {
      return "AwaitingIdentify " + a.reason();
    }
    return state.getClass().getSimpleName() + " -";
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
    }
  }
}
