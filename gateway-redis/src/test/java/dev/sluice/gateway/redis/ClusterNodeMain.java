package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * One cluster node in its own JVM, for the process tests: prints {@code EV <n> <shard> <seq>} for
 * every SLUICE_TEST event it delivers and {@code HOLD <ids>} when its shards change; SIGTERM hands
 * its shards over and exits 0.
 *
 * <p>Arguments: redis uri, gateway url, token, cluster name, node name, shard count, lease ttl ms.
 */
public final class ClusterNodeMain {

  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int shards = Integer.parseInt(args[5]);
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("dev.sluice.gateway.reactor"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    out.println("START pid " + ProcessHandle.current().pid());
    LettuceAdapter redis = LettuceAdapter.connect(args[0]).block(Duration.ofSeconds(10));
    RedisKeyspace keys = RedisKeyspace.of(args[3]);
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, keys, args[4], shards)
            .leaseTtl(Duration.ofMillis(Long.parseLong(args[6])))
            .build();
    RedisIdentifyLimiter limiter =
        RedisIdentifyLimiter.builder(redis, keys)
            .maxConcurrency(2)
            .interval(Duration.ofMillis(700))
            .grantDeadline(Duration.ofMillis(150))
            .budgetLookup(Mono.just(new SessionStartLimit(1000, 1000, 86_400_000, 2)))
            .build();
    limiter
        .grants()
        .subscribe(
            g -> {
              synchronized (out) {
                out.println("GRANT " + g.shard().id() + " " + g.serverMillis() + " " + g.used());
              }
            });
    ShardCluster cluster =
        ShardCluster.builder(
                BotToken.of(args[2]),
                leases,
                lease -> RedisSessionStore.forLease(redis, keys, lease),
                limiter)
            .gatewayUrl(args[1])
            .eachShard(b -> b.compression(Compression.NONE))
            .build();
    cluster
        .raw()
        .filter(e -> "SLUICE_TEST".equals(e.meta().type()))
        .subscribe(
            e -> {
              Matcher m = N.matcher(e.json());
              if (m.find()) {
                synchronized (out) {
                  out.println(
                      "EV " + m.group(1) + " " + e.meta().shard().id() + " " + e.meta().sequence());
                }
              }
            });
    cluster
        .states()
        .subscribe(
            s -> {
              synchronized (out) {
                out.println("HOLD " + cluster.shardIds());
              }
            });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (out) {
                    out.println("STOPPING");
                  }
                  try {
                    cluster.stop().block(Duration.ofSeconds(15));
                  } catch (RuntimeException e) {
                    e.printStackTrace(out);
                  }
                  synchronized (out) {
                    out.println("STOPPED");
                  }
                  redis.close().block(Duration.ofSeconds(5));
                  stopped.countDown();
                }));
    cluster.run().block();
    stopped.await();
  }
}
