package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.compression.Compression;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.redis.ClusterSettings;
import dev.sluice.gateway.redis.EventSink;
import dev.sluice.gateway.redis.EventSource;
import dev.sluice.gateway.redis.EventStreams;
import dev.sluice.gateway.redis.LettuceAdapter;
import dev.sluice.gateway.redis.RedisIdentifyLimiter;
import dev.sluice.gateway.redis.RedisKeyspace;
import dev.sluice.gateway.redis.RedisSessionStore;
import dev.sluice.gateway.redis.RedisShardLeases;
import dev.sluice.gateway.redis.ShardCluster;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The ping bot with {@code SLUICE_REDIS_URL} set: one process of a cluster, by {@code SLUICE_ROLE}.
 *
 * <ul>
 *   <li>unset: a cluster node that answers {@code !ping} on the shards it holds;
 *   <li>{@code gateway}: a cluster node that publishes every event to Redis Streams and answers
 *       nothing;
 *   <li>{@code worker}: a consumer of group {@code SLUICE_GROUP} (default {@code ping}) that
 *       answers {@code !ping} with {@code pong} over REST; it holds no gateway connection.
 * </ul>
 *
 * Nodes need {@code SLUICE_SHARDS}; {@code SLUICE_NODE} names the process (default host + pid),
 * {@code SLUICE_CLUSTER} the cluster (default {@code sluice}), {@code SLUICE_LEASE_TTL_MS} the
 * lease ttl (default 10000). SIGTERM: a node hands its shards over, a worker finishes and acks what
 * it holds; both exit 0.
 */
final class ClusterPingBot {

  private static final Logger log = LoggerFactory.getLogger(ClusterPingBot.class);

  private ClusterPingBot() {}

  static int run(Map<String, String> env, BotToken token, String api, Compression compression) {
    String role = env.getOrDefault("SLUICE_ROLE", "").trim();
    if (!role.isEmpty() && !role.equals("gateway") && !role.equals("worker")) {
      log.error("bad configuration: SLUICE_ROLE must be gateway or worker, was {}", role);
      return 64;
    }
    String node = env.getOrDefault("SLUICE_NODE", defaultNodeName());
    RedisKeyspace keys = RedisKeyspace.of(env.getOrDefault("SLUICE_CLUSTER", "sluice"));
    LettuceAdapter redis;
    try {
      redis = LettuceAdapter.connect(env.get("SLUICE_REDIS_URL")).block(Duration.ofSeconds(15));
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage());
      return 1;
    }
    Replies replies = new Replies(api, token);
    if (role.equals("worker")) {
      return worker(redis, keys, env.getOrDefault("SLUICE_GROUP", "ping"), node, replies);
    }
    if (!env.containsKey("SLUICE_SHARDS")) {
      log.error("bad configuration: SLUICE_SHARDS is required in cluster mode");
      return 64;
    }
    int shards = Integer.parseInt(env.get("SLUICE_SHARDS").trim());
    long ttl = Long.parseLong(env.getOrDefault("SLUICE_LEASE_TTL_MS", "10000").trim());
    return node(
        redis,
        keys,
        token,
        api,
        compression,
        node,
        shards,
        ttl,
        role.equals("gateway") ? null : replies);
  }

  private static String defaultNodeName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.io.IOException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }

  private static Mono<Void> answer(Replies replies, MessageCreate m) {
    if (!"!ping".equals(m.content())
        || (m.message().author() != null && Boolean.TRUE.equals(m.message().author().bot()))) {
      return Mono.empty();
    }
    return replies
        .send(m.channelId(), "pong")
        .doOnSuccess(v -> log.info("answered !ping in channel {} with pong", m.channelId()));
  }

  private static int worker(
      LettuceAdapter redis, RedisKeyspace keys, String group, String name, Replies replies) {
    // tag::worker[]
    EventSource source =
        EventSource.builder(redis, keys, group, name)
            .on(MessageCreate.class, m -> answer(replies, m))
            .build();
    // end::worker[]
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("SIGTERM: finishing and acking what this worker holds");
                  source.stop().block(Duration.ofSeconds(30));
                  Runtime.getRuntime().halt(0);
                }));
    log.info("worker {} of group {} running", name, group);
    source.run().block();
    return 0;
  }

  private static int node(
      LettuceAdapter redis,
      RedisKeyspace keys,
      BotToken token,
      String api,
      Compression compression,
      String name,
      int shards,
      long ttlMillis,
      Replies repliesOrNull) {
    Mono<GatewayBot> bot =
        GatewayBotLookup.fetch(HttpClient.create(), api, token, Schedulers.parallel()).cache();
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, keys, name, shards)
            .leaseTtl(Duration.ofMillis(ttlMillis))
            .build();
    GatewayBot found = bot.block(Duration.ofSeconds(30));
    RedisIdentifyLimiter limiter =
        RedisIdentifyLimiter.builder(redis, keys)
            .maxConcurrency(found.sessionStartLimit().maxConcurrency())
            .budgetLookup(bot.map(GatewayBot::sessionStartLimit))
            .build();
    ClusterSettings.Builder settings =
        ShardCluster.builder(
                token, leases, lease -> RedisSessionStore.forLease(redis, keys, lease), limiter)
            .gatewayUrl(found.url())
            .eachShard(
                b ->
                    b.intents(
                            Intents.of(
                                Intent.GUILDS,
                                Intent.GUILD_MESSAGES,
                                Intent.DIRECT_MESSAGES,
                                Intent.MESSAGE_CONTENT))
                        .compression(compression));
    if (repliesOrNull == null) {
      settings.publishTo(EventSink.create(redis, keys));
    }
    ShardCluster cluster = settings.build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("SIGTERM: handing this node's shards over");
                  cluster.stop().block(Duration.ofSeconds(30));
                  Runtime.getRuntime().halt(0);
                }));
    Mono<Void> work =
        repliesOrNull == null
            ? Flux.interval(Duration.ofSeconds(10))
                .concatMap(t -> EventStreams.of(redis, keys).trim(1_000_000))
                .then()
            : cluster
                .on(MessageCreate.class)
                .flatMap(
                    m ->
                        answer(repliesOrNull, m)
                            .onErrorResume(
                                e -> {
                                  log.warn("could not answer !ping: {}", e.getMessage());
                                  return Mono.empty();
                                }))
                .then();
    log.info("cluster node {} running ({} shards in total)", name, shards);
    Mono.when(cluster.run(), work).block();
    return 0;
  }
}
