package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.redis.LettuceAdapter;
import dev.sluice.gateway.redis.RedisKeyspace;
import dev.sluice.gateway.rest.RestClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

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
 * lease ttl (default 10000). Exit status: 0 after SIGTERM (a node hands its shards over, a worker
 * finishes and acks what it holds), 2 after a fatal close code, 3 when Redis cannot be reached at
 * start, 64 on a bad setting.
 */
final class ClusterPingBot {

  /** The exit status when Redis cannot be reached at start. */
  static final int REDIS_UNREACHABLE = 3;

  private static final Logger log = LoggerFactory.getLogger(ClusterPingBot.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private ClusterPingBot() {}

  /** The settings read from the environment, checked before anything connects. */
  record Config(
      String role,
      String redisUrl,
      RedisKeyspace keys,
      String node,
      String group,
      Integer shards,
      Duration leaseTtl) {

    static Config of(Map<String, String> env) {
      String role = env.getOrDefault("SLUICE_ROLE", "").trim();
      if (!role.isEmpty() && !role.equals("gateway") && !role.equals("worker")) {
        throw new IllegalArgumentException("SLUICE_ROLE must be gateway or worker, was " + role);
      }
      Integer shards = positive(env, "SLUICE_SHARDS", null);
      if (shards == null && !role.equals("worker")) {
        throw new IllegalArgumentException("SLUICE_SHARDS is required in cluster mode");
      }
      Integer ttl = positive(env, "SLUICE_LEASE_TTL_MS", 10_000);
      return new Config(
          role,
          env.get("SLUICE_REDIS_URL").trim(),
          RedisKeyspace.of(env.getOrDefault("SLUICE_CLUSTER", "sluice").trim()),
          env.getOrDefault("SLUICE_NODE", defaultNodeName()).trim(),
          env.getOrDefault("SLUICE_GROUP", "ping").trim(),
          shards,
          Duration.ofMillis(ttl));
    }

    private static Integer positive(Map<String, String> env, String name, Integer otherwise) {
      String value = env.get(name);
      if (value == null) {
        return otherwise;
      }
      try {
        int n = Integer.parseInt(value.trim());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be a positive integer, was " + value);
    }
  }

  /** Runs this process's role until SIGTERM or a fatal close; returns the exit status. */
  static int run(Map<String, String> env, BotToken token, String api, Compression compression) {
    Config config;
    try {
      config = Config.of(env);
    } catch (IllegalArgumentException e) {
      log.error("bad configuration: {}", e.getMessage());
      return 64;
    }
    LettuceAdapter redis;
    try {
      redis = LettuceAdapter.connect(config.redisUrl()).block(CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      // The adapter's message names the address without its password.
      log.error(
          "cannot start: {}; is redis-server running and SLUICE_REDIS_URL right? exiting",
          e.getMessage());
      return REDIS_UNREACHABLE;
    }
    RestClient rest = RestClient.builder(token).apiUrl(api).build();
    try {
      return config.role().equals("worker")
          ? ClusterRoles.worker(config, redis, rest)
          : ClusterRoles.node(config, redis, token, api, compression, rest);
    } finally {
      rest.close();
      redis.close().block(Duration.ofSeconds(5));
    }
  }

  /** Answers {@code !ping} from a person with {@code pong} (a reply); anything else is ignored. */
  static Mono<Void> answer(RestClient rest, MessageCreate m) {
    if (!"!ping".equals(m.content())
        || (m.message().author() != null && Boolean.TRUE.equals(m.message().author().bot()))) {
      return Mono.empty();
    }
    return rest.reply(m.message(), "pong")
        .doOnSuccess(sent -> log.info("answered !ping in channel {} with pong", m.channelId()))
        .then();
  }

  private static String defaultNodeName() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (java.io.IOException e) {
      return "node-" + ProcessHandle.current().pid();
    }
  }
}
