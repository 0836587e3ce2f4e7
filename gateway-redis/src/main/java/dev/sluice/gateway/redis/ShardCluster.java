package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.reactor.IdentifyLimiter;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.reactor.ShardGroup.ShardState;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.reactor.ShardLeases;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The shards of one bot that this node holds leases for, run like a {@code ShardGroup}: it starts a
 * shard when its lease arrives (resuming the stored session when there is one), hands it off when
 * the lease moves (closes it resumably, never with 1000/1001, then releases the lease), and stops
 * delivering at once when a lease is lost. {@link #stop()} hands every shard off.
 *
 * <p>No duplicates after a crash: each shard's events are gathered for a short window (default 15
 * ms) and their highest sequence is stored, fenced, before the batch is delivered. The next owner
 * resumes from the stored sequence, so an event is never delivered by two nodes; the price is that
 * a crash between storing and delivering loses at most that one batch on this node.
 *
 * <pre>{@code
 * ShardCluster cluster = ShardCluster.builder(token, leases,
 *         lease -> RedisSessionStore.forLease(redis, keyspace, lease), limiter)
 *     .gatewayUrl(bot.url()).eachShard(b -> b.intents(intents)).build();
 * Mono.when(cluster.run(), cluster.on(MessageCreate.class).flatMap(this::reply)).block();
 * }</pre>
 *
 * <p>Thread-safe. Events are delivered on the threads of their shards; each subscriber has a buffer
 * of 8192 events (the oldest are dropped with a warning when it overflows).
 */
public final class ShardCluster {

  private static final Logger log = LoggerFactory.getLogger(ShardCluster.class);
  private static final int SUBSCRIBER_BUFFER = 8192;

  private final ClusterSettings settings;
  private final Map<Integer, ShardRun> runs = new ConcurrentHashMap<>();
  private final Sinks.Many<RawEvent> delivered =
      Sinks.unsafe().many().multicast().directBestEffort();
  private final Sinks.Many<ShardRun> started = Sinks.many().multicast().directBestEffort();
  private volatile Disposable assignments;

  ShardCluster(ClusterSettings settings) {
    this.settings = settings;
  }

  /** A builder: the leases say which shards run here, {@code stores} gives each its store. */
  public static ClusterSettings.Builder builder(
      BotToken token,
      ShardLeases leases,
      Function<ShardLease, SessionStore> stores,
      IdentifyLimiter limiter) {
    return new ClusterSettings.Builder(token, leases, stores, limiter);
  }

  /**
   * Joins the cluster and runs this node's shards until {@link #stop()} has handed them all off.
   * Errors when the leases cannot join (e.g. Redis unreachable at start).
   */
  public Mono<Void> run() {
    return Mono.defer(
        () -> {
          assignments =
              settings
                  .leases()
                  .assignments()
                  .concatMap(lease -> startShard(lease).onErrorResume(e -> failed(lease, e)))
                  .subscribe();
          return settings.leases().join().then(settings.leases().assignments().then());
        });
  }

  private Mono<Void> failed(ShardLease lease, Throwable e) {
    log.warn("shard {}: could not start: {}", lease.shard(), e.toString());
    return settings.leases().release(lease).onErrorResume(ignored -> Mono.empty());
  }

  private Mono<Void> startShard(ShardLease lease) {
    if (lease.isLost()) {
      return Mono.empty();
    }
    return ShardRun.create(lease, settings)
        .doOnNext(
            run -> {
              runs.put(lease.shard().id(), run);
              run.ended().subscribe(null, null, () -> runs.remove(lease.shard().id(), run));
              synchronized (started) {
                started.tryEmitNext(run);
              }
              run.start(this::deliver);
            })
        .then();
  }

  private void deliver(List<RawEvent> batch) {
    synchronized (delivered) {
      for (RawEvent event : batch) {
        delivered.tryEmitNext(event);
      }
    }
  }

  /**
   * Leaves the cluster in order: every shard is closed resumably and its lease released, so the
   * nodes that take them over resume them. Completes when all are released.
   */
  public Mono<Void> stop() {
    return settings.leases().leave();
  }

  /** The ids of the shards running on this node now. */
  public List<Integer> shardIds() {
    return runs.keySet().stream().sorted().toList();
  }

  /** Every dispatch delivered by this node's shards, undecoded, after its sequence was stored. */
  public Flux<RawEvent> raw() {
    return delivered
        .asFlux()
        .onBackpressureBuffer(
            SUBSCRIBER_BUFFER,
            dropped -> log.warn("slow subscriber: dropped {}", dropped.meta()),
            BufferOverflowStrategy.DROP_OLDEST);
  }

  /** Every event, typed where Sluice models it, else raw. */
  public Flux<GatewayEvent> events() {
    return raw().map(ShardCluster::decode);
  }

  /** Events of one type. */
  public <T extends GatewayEvent> Flux<T> on(Class<T> type) {
    if (type == GatewayEvent.class || type == RawEvent.class) {
      return events().ofType(type);
    }
    String name = EventTypes.nameOf(type);
    return raw()
        .filter(e -> name.equals(e.meta().type()))
        .handle(
            (e, sink) -> {
              try {
                sink.next(e.decode(type));
              } catch (GatewayException x) {
                log.warn("event {} could not be decoded; skipped: {}", e.meta(), x.getMessage());
              }
            });
  }

  private static GatewayEvent decode(RawEvent e) {
    try {
      return e.decode();
    } catch (GatewayException x) {
      return e;
    }
  }

  /** The state changes of every shard running here (current ones first), tagged with the shard. */
  public Flux<ShardState> states() {
    return Flux.concat(Flux.fromIterable(List.copyOf(runs.values())), started.asFlux())
        .flatMap(
            run ->
                run.client()
                    .state()
                    .map(s -> new ShardState(run.lease().shard(), s))
                    .takeUntilOther(run.ended()),
            Integer.MAX_VALUE);
  }
}
