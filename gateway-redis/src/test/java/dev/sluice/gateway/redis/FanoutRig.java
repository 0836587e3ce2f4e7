package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.model.GatewayBot.SessionStartLimit;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Gateway nodes that publish into Redis Streams and workers that consume them, in this JVM, over
 * one real redis-server and one fake gateway.
 */
final class FanoutRig implements AutoCloseable {

  static final String TOKEN = "MTAwMjAwMzAw.fanout.test";
  static final Duration TTL = Duration.ofMillis(1500);
  static final Duration WAIT = Duration.ofSeconds(45);
  private static final Pattern N = Pattern.compile("\"n\":(\\d+)");

  final RedisServer server;
  final FakeGateway gateway;
  final RedisKeyspace keys;
  final int shards;
  final List<AutoCloseable> closing = new ArrayList<>();

  FanoutRig(RedisServer server, String cluster, int shards) {
    this.server = server;
    this.shards = shards;
    this.keys = new RedisKeyspace(cluster, 4);
    this.gateway =
        FakeGateway.builder()
            .token(TOKEN)
            .shards(shards)
            .maxConcurrency(4)
            .identifyWindow(Duration.ofMillis(100))
            .start();
  }

  static int n(String json) {
    Matcher m = N.matcher(json);
    if (!m.find()) {
      throw new AssertionError("no n in " + json);
    }
    return Integer.parseInt(m.group(1));
  }

  /** A gateway node that publishes every dispatch of its shards. */
  final class Node implements AutoCloseable {
    final String name;
    final LettuceAdapter redis = Probe.connect(server);
    final RedisShardLeases leases;
    final ShardCluster cluster;
    final Disposable running;

    Node(String name) {
      this.name = name;
      leases = RedisShardLeases.builder(redis, keys, name, shards).leaseTtl(TTL).build();
      RedisIdentifyLimiter limiter =
          RedisIdentifyLimiter.builder(redis, keys)
              .maxConcurrency(4)
              .interval(Duration.ofMillis(150))
              .grantDeadline(Duration.ofMillis(100))
              .budgetLookup(Mono.just(new SessionStartLimit(1000, 1000, 86_400_000, 4)))
              .build();
      cluster =
          ShardCluster.builder(
                  BotToken.of(TOKEN),
                  leases,
                  lease -> RedisSessionStore.forLease(redis, keys, lease),
                  limiter)
              .gatewayUrl(gateway.url())
              .eachShard(b -> b.compression(Compression.NONE))
              .publishTo(EventSink.create(redis, keys))
              .build();
      running = cluster.run().subscribe(null, e -> {});
      closing.add(this);
    }

    @Override
    public void close() {
      leases.halt();
      running.dispose();
      redis.close().block(WAIT);
    }
  }

  /** A worker: one consumer of {@code group}. */
  final class Worker implements AutoCloseable {
    final LettuceAdapter redis = Probe.connect(server);
    final EventSource source;
    final Disposable running;

    Worker(String group, String name, UnaryOperator<SourceSettings.Builder> setup) {
      source =
          setup
              .apply(EventSource.builder(redis, keys, group, name).poll(Duration.ofMillis(5)))
              .build();
      running = source.run().subscribe(null, e -> {});
      closing.add(this);
    }

    @Override
    public void close() {
      source.stop().block(WAIT);
      running.dispose();
      redis.close().block(WAIT);
    }
  }

  /** Waits until the nodes together run every shard, each connected once. */
  void awaitAllShardsRunning(List<Node> nodes) {
    Conditions.await(
        WAIT,
        () ->
            nodes.stream().mapToInt(n -> n.cluster.shardIds().size()).sum() == shards
                && gateway.sessionsStarted() == shards
                && gateway.openConnections() == shards,
        () -> "sessions " + gateway.sessionsStarted());
  }

  @Override
  public void close() {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // best effort: the next close still runs
      }
    }
    gateway.close();
  }
}
