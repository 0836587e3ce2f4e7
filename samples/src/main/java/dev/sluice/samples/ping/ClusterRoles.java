package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.GracefulShutdown;
import dev.sluice.gateway.redis.ClusterSettings;
import dev.sluice.gateway.redis.EventSink;
import dev.sluice.gateway.redis.EventSource;
import dev.sluice.gateway.redis.EventStreams;
import dev.sluice.gateway.redis.LettuceAdapter;
import dev.sluice.gateway.redis.RedisIdentifyLimiter;
import dev.sluice.gateway.redis.RedisSessionStore;
import dev.sluice.gateway.redis.RedisShardLeases;
import dev.sluice.gateway.redis.ShardCluster;
import dev.sluice.gateway.rest.RestClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The two kinds of cluster process: a node (holds shards; answers, or publishes for workers) and a
 * worker (consumes the published events). Each returns its exit status.
 */
final class ClusterRoles {

  private static final Logger log = LoggerFactory.getLogger(ClusterRoles.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int FATAL = 2;

  private ClusterRoles() {}

  /** A worker of group {@code SLUICE_GROUP}: SIGTERM finishes and acks what it holds, then 0. */
  static int worker(ClusterPingBot.Config config, LettuceAdapter redis, RestClient rest) {
    // tag::worker[]
    EventSource source =
        EventSource.builder(redis, config.keys(), config.group(), config.node())
            .on(MessageCreate.class, m -> ClusterPingBot.answer(rest, m))
            .build();
    // end::worker[]
    GracefulShutdown shutdown = GracefulShutdown.install(source::stop, STOP_TIMEOUT);
    try {
      log.info("worker {} of group {} running", config.node(), config.group());
      source.run().block();
      log.info("worker {} stopped: {} acked", config.node(), source.acked());
      return 0;
    } finally {
      shutdown.dispose();
    }
  }

  /**
   * A cluster node: answers {@code !ping} on the shards it holds, or (role {@code gateway})
   * publishes every event and answers nothing. SIGTERM hands its shards over (0); a fatal close
   * code ends it with 2.
   */
  static int node(
      ClusterPingBot.Config config,
      LettuceAdapter redis,
      BotToken token,
      String api,
      Compression compression,
      RestClient rest) {
    Mono<GatewayBot> lookup =
        GatewayBotLookup.fetch(HttpClient.create(), api, token, Schedulers.parallel()).cache();
    GatewayBot bot;
    try {
      bot = lookup.block(STOP_TIMEOUT);
    } catch (RuntimeException e) {
      log.error("cannot start: GET /gateway/bot failed: {}", e.getMessage());
      return GatewayException.isFatal(e) ? FATAL : 1;
    }
    boolean publish = config.role().equals("gateway");
    ShardCluster cluster = cluster(config, redis, token, compression, lookup, bot, publish);
    AtomicInteger status = new AtomicInteger();
    Disposable watch = stopOnFatalClose(cluster, status);
    Mono<Void> work = publish ? trimEvery(redis, config) : answerPings(cluster, rest);
    GracefulShutdown shutdown = GracefulShutdown.install(cluster::stop, STOP_TIMEOUT);
    try {
      log.info("cluster node {} running ({} shards in total)", config.node(), config.shards());
      // run() completes once stop() (SIGTERM, or a fatal close) has handed every shard over.
      Mono.firstWithSignal(cluster.run(), work).block();
      return status.get();
    } catch (RuntimeException e) {
      log.error("stopped: {}", e.getMessage());
      return 1;
    } finally {
      watch.dispose();
      shutdown.dispose();
    }
  }

  /** On the first fatal close code of any shard: status 2, and the node leaves the cluster. */
  private static Disposable stopOnFatalClose(ShardCluster cluster, AtomicInteger status) {
    return cluster
        .states()
        .filter(s -> s.state() instanceof GatewayState.FatallyClosed)
        .next()
        .flatMap(
            s -> {
              GatewayState.FatallyClosed closed = (GatewayState.FatallyClosed) s.state();
              log.error(
                  "fatal: shard {} closed with {} ({}: {}); not reconnecting, leaving the cluster",
                  s.shard(),
                  closed.rawCode(),
                  closed.code().description(),
                  closed.reason());
              status.set(FATAL);
              return cluster.stop().timeout(STOP_TIMEOUT).onErrorResume(e -> Mono.empty());
            })
        .subscribe();
  }

  private static ShardCluster cluster(
      ClusterPingBot.Config config,
      LettuceAdapter redis,
      BotToken token,
      Compression compression,
      Mono<GatewayBot> lookup,
      GatewayBot bot,
      boolean publish) {
    RedisShardLeases leases =
        RedisShardLeases.builder(redis, config.keys(), config.node(), config.shards())
            .leaseTtl(config.leaseTtl())
            .build();
    RedisIdentifyLimiter limiter =
        RedisIdentifyLimiter.builder(redis, config.keys())
            .maxConcurrency(bot.sessionStartLimit().maxConcurrency())
            .budgetLookup(lookup.map(GatewayBot::sessionStartLimit))
            .build();
    ClusterSettings.Builder settings =
        ShardCluster.builder(
                token,
                leases,
                lease -> RedisSessionStore.forLease(redis, config.keys(), lease),
                limiter)
            .gatewayUrl(bot.url())
            .eachShard(
                b ->
                    b.intents(
                            Intents.of(
                                Intent.GUILDS,
                                Intent.GUILD_MESSAGES,
                                Intent.DIRECT_MESSAGES,
                                Intent.MESSAGE_CONTENT))
                        .compression(compression));
    if (publish) {
      settings.publishTo(EventSink.create(redis, config.keys()));
    }
    return settings.build();
  }

  /**
   * Every 10 s: keeps each partition stream near a million entries (never deleting what a group has
   * not read without a warning), forgets consumers idle for an hour with nothing pending (a
   * restarted worker's old name), and keeps the newest 100,000 dead letters of each group. A failed
   * round (Redis down) is logged and the next one runs.
   */
  private static Mono<Void> trimEvery(LettuceAdapter redis, ClusterPingBot.Config config) {
    EventStreams streams = EventStreams.of(redis, config.keys());
    return Flux.interval(Duration.ofSeconds(10))
        .concatMap(
            t ->
                streams
                    .trim(1_000_000)
                    .then(streams.forgetIdleConsumers(Duration.ofHours(1)))
                    .then(streams.trimDeadLetters(100_000))
                    .onErrorResume(
                        e -> {
                          log.warn(
                              "trimming the streams failed; next round in 10 s: {}", e.toString());
                          return Mono.empty();
                        }))
        .then();
  }

  private static Mono<Void> answerPings(ShardCluster cluster, RestClient rest) {
    return cluster
        .on(MessageCreate.class)
        .flatMap(
            m ->
                ClusterPingBot.answer(rest, m)
                    .onErrorResume(
                        e -> {
                          log.warn("could not answer !ping: {}", e.getMessage());
                          return Mono.empty();
                        }))
        .then();
  }
}
