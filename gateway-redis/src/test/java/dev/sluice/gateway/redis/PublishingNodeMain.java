package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.reactor.OverflowPolicy;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One gateway node that publishes into Redis Streams, in its own JVM, for the process tests: prints
 * {@code HOLD <ids>} when its shards change.
 *
 * <p>Arguments: redis uri, gateway url, token, cluster name, partitions, node name, shard count,
 * lease ttl ms, optionally the client's event buffer size (default 4096) and the batch size
 * (default 256).
 */
public final class PublishingNodeMain {

  private PublishingNodeMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    LettuceAdapter redis = LettuceAdapter.connect(args[0]).block(Duration.ofSeconds(10));
    RedisKeyspace keys = new RedisKeyspace(args[3], Integer.parseInt(args[4]));
    int shards = Integer.parseInt(args[6]);
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, keys, args[5], shards)
            .leaseTtl(Duration.ofMillis(Long.parseLong(args[7])))
            .build();
    RedisIdentifyLimiter limiter =
        RedisIdentifyLimiter.builder(redis, keys)
            .maxConcurrency(4)
            .interval(Duration.ofMillis(150))
            .grantDeadline(Duration.ofMillis(100))
            .budgetLookup(Mono.just(new SessionStartLimit(1000, 1000, 86_400_000, 4)))
            .build();
    ShardCluster cluster =
        ShardCluster.builder(
                BotToken.of(args[2]),
                leases,
                lease -> RedisSessionStore.forLease(redis, keys, lease),
                limiter)
            .gatewayUrl(args[1])
            .eachShard(
                b ->
                    b.compression(Compression.NONE)
                        .eventBuffer(
                            args.length > 8 ? Integer.parseInt(args[8]) : 4096,
                            OverflowPolicy.ERROR))
            .batch(Duration.ofMillis(15), args.length > 9 ? Integer.parseInt(args[9]) : 256)
            .publishTo(EventSink.create(redis, keys))
            .build();
    cluster
        .states()
        .subscribe(
            s -> {
              synchronized (out) {
                out.println("HOLD " + cluster.shardIds());
              }
            });
    cluster.run().block();
  }
}
