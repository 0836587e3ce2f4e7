package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.reactor.ShardLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@link ShardLeases} over Redis, with no leader. Every {@code ttl/3} a node records a heartbeat in
 * a sorted set (scored by Redis' clock; nodes silent for longer than the node ttl drop out),
 * computes rendezvous placement over the live nodes, acquires the free shards it wins, renews the
 * ones it holds and asks for a handoff of held shards another node now wins. A won shard still held
 * by its previous owner is asked for again every ttl/30 (for two rounds), so that a handoff waits
 * for the release, not for the next round. A lease's fence is {@code max(INCR, Redis ms)}, so it
 * keeps growing even after a failover to a replica that missed the last increments.
 *
 * <p>Self-fencing: each lease has a local deadline, the send time of its last successful renewal
 * plus the ttl minus a margin, timed on the scheduler (monotonic). When it passes without a newer
 * renewal, the lease is {@linkplain ShardLease#lost() lost} before Redis could expire it and give
 * it to another node. Redis also refuses every session write under a stale fence.
 *
 * <p>Defaults: lease ttl 10 s, node ttl = lease ttl, margin ttl/10, scheduler parallel.
 * Thread-safe.
 *
 * <pre>{@code
 * RedisShardLeases leases = RedisShardLeases.builder(redis, RedisKeyspace.of("mybot"), "node-a", 16)
 *     .leaseTtl(Duration.ofSeconds(10)).build();
 * leases.assignments().subscribe(lease -> start(lease));
 * leases.join().block();
 * }</pre>
 */
public final class RedisShardLeases implements ShardLeases {

  private static final Logger log = LoggerFactory.getLogger(RedisShardLeases.class);
  // Asks for a chased shard at ttl/30 apart for two rounds (2 ttl/3): long enough for the holder's
  // next round to see the new placement and hand the shard over.
  private static final int CHASE_ATTEMPTS = 20;

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;
  private final LeaseSettings settings;
  private final Map<Integer, RedisShardLease> held = new ConcurrentHashMap<>();
  private final Sinks.Many<ShardLease> assignments =
      Sinks.many().multicast().onBackpressureBuffer();
  private final Sinks.Empty<Void> stopped = Sinks.empty();
  private final AtomicBoolean joined = new AtomicBoolean();
  // Shards won by placement but still held by their previous owner, asked for again (chase).
  private final Set<Integer> chasing = ConcurrentHashMap.newKeySet();
  private volatile List<String> live = List.of();
  private volatile boolean leaving;
  private final FailureStreak failures;
  private volatile Disposable ticker;

  RedisShardLeases(LettuceAdapter redis, RedisKeyspace keys, LeaseSettings settings) {
    this.redis = redis;
    this.keys = keys;
    this.settings = settings;
    this.failures = new FailureStreak(log, "node " + settings.node() + ": lease round", this::now);
  }

  /** A builder for node {@code node} of a bot with {@code shardCount} shards. */
  public static LeaseSettings.Builder builder(
      LettuceAdapter redis, RedisKeyspace keyspace, String node, int shardCount) {
    return new LeaseSettings.Builder(redis, keyspace, node, shardCount);
  }

  /** This node's name. */
  public String node() {
    return settings.node();
  }

  /** The shards this node holds right now. */
  public List<ShardLease> held() {
    return List.copyOf(held.values());
  }

  @Override
  public Flux<ShardLease> assignments() {
    return assignments.asFlux();
  }

  @Override
  public Mono<Void> join() {
    return Mono.defer(
        () -> {
          if (leaving || !joined.compareAndSet(false, true)) {
            return Mono.empty();
          }
          Duration period = settings.leaseTtl().dividedBy(3);
          return tick()
              .doOnError(e -> joined.set(false))
              .doOnSuccess(
                  ignored ->
                      ticker =
                          Flux.interval(period, period, settings.scheduler())
                              .onBackpressureDrop()
                              .concatMap(
                                  i ->
                                      tick()
                                          .doOnSuccess(ok -> failures.succeeded())
                                          .onErrorResume(this::tickFailed),
                                  1)
                              .subscribe());
        });
  }

  private Mono<Void> tickFailed(Throwable e) {
    failures.failed(e); // logged when a streak starts and when it ends, not every round
    return Mono.empty();
  }

  /** One round: heartbeat and placement, or only renewals while leaving. */
  private Mono<Void> tick() {
    if (leaving) {
      return Flux.fromIterable(held.values()).flatMap(this::renew).then();
    }
    return redis
        .run(
            LuaScripts.HEARTBEAT,
            List.of(keys.nodes()),
            List.of(settings.node(), Long.toString(settings.nodeTtl().toMillis())))
        .flatMap(live -> place(live.stream().map(String::valueOf).toList()));
  }

  private Mono<Void> place(List<String> live) {
    this.live = live;
    List<Mono<Void>> work = new ArrayList<>();
    for (int shard = 0; shard < settings.shardCount(); shard++) {
      String owner = Rendezvous.owner(live, shard);
      RedisShardLease lease = held.get(shard);
      if (lease != null) {
        work.add(renew(lease));
        if (!settings.node().equals(owner)) {
          lease.requestHandoff();
        }
      } else if (settings.node().equals(owner) && !chasing.contains(shard)) {
        work.add(acquire(shard));
      }
    }
    return Flux.merge(Flux.fromIterable(work), 32).then();
  }

  /** Takes {@code shard} if it is free; if its previous owner still holds it, chases it. */
  private Mono<Void> acquire(int shard) {
    return tryAcquire(shard)
        .doOnNext(
            taken -> {
              if (!taken) {
                chase(shard);
              }
            })
        .then();
  }

  /**
   * A shard this node won while its previous owner still holds it (handing it over: closing it
   * resumably, then releasing): asked for again every ttl/30 for two rounds, so that a handoff
   * waits for the release, not for this node's next round (up to ttl/3 later).
   */
  private void chase(int shard) {
    if (!chasing.add(shard)) {
      return;
    }
    Duration step = settings.leaseTtl().dividedBy(30);
    Flux.interval(step, step, settings.scheduler())
        .onBackpressureDrop()
        .take(CHASE_ATTEMPTS)
        .concatMap(i -> wanted(shard) ? tryAcquire(shard) : Mono.just(true), 1)
        .takeUntil(done -> done)
        .doFinally(signal -> chasing.remove(shard))
        .subscribe(
            null, e -> log.debug("node {}: chasing shard {}: {}", node(), shard, e.toString()));
  }

  private boolean wanted(int shard) {
    return !leaving
        && !held.containsKey(shard)
        && settings.node().equals(Rendezvous.owner(live, shard));
  }

  /** One ACQUIRE: true when the shard is now held here (or no longer to be), false if refused. */
  private Mono<Boolean> tryAcquire(int shard) {
    long sent = now();
    return redis
        .run(
            LuaScripts.ACQUIRE,
            List.of(keys.lease(shard), keys.fence(shard)),
            List.of(settings.node(), Long.toString(settings.leaseTtl().toMillis())))
        .flatMap(
            reply -> {
              long fence = Long.parseLong(String.valueOf(reply.get(0)));
              if (fence < 0) {
                return Mono.just(false);
              }
              RedisShardLease lease =
                  new RedisShardLease(ShardInfo.of(shard, settings.shardCount()), fence, node());
              held.put(shard, lease);
              if (leaving || !arm(lease, sent)) {
                held.remove(shard, lease);
                return releaseInRedis(lease).thenReturn(true);
              }
              synchronized (assignments) {
                assignments.tryEmitNext(lease);
              }
              return Mono.just(true);
            });
  }

  private Mono<Void> renew(RedisShardLease lease) {
    long sent = now();
    return redis
        .run(
            LuaScripts.RENEW,
            List.of(keys.lease(lease.shard().id())),
            List.of(lease.holder(), Long.toString(settings.leaseTtl().toMillis())))
        .doOnNext(
            reply -> {
              if ("1".equals(String.valueOf(reply.get(0)))) {
                arm(lease, sent);
              } else if (held.get(lease.shard().id()) == lease) { // not released meanwhile
                log.warn("node {}: {} was taken over; stopping it", node(), lease);
                drop(lease);
                finishIfLeft();
              }
            })
        .then();
  }

  /** Arms the lease's self-fence at {@code sent + ttl - margin}; false if that already passed. */
  private boolean arm(RedisShardLease lease, long sent) {
    long left = settings.leaseTtl().minus(settings.margin()).toMillis() - (now() - sent);
    if (left <= 0) {
      return false;
    }
    lease.rearm(settings.scheduler().schedule(() -> selfFence(lease), left, TimeUnit.MILLISECONDS));
    return true;
  }

  private void selfFence(RedisShardLease lease) {
    if (!lease.isLost()) {
      log.warn("node {}: could not renew {} in time; fencing itself", node(), lease);
      drop(lease);
      releaseInRedis(lease)
          .onErrorResume(e -> Mono.empty())
          .doFinally(s -> finishIfLeft())
          .subscribe();
    }
  }

  /** Forgets a lease locally: its {@code lost()} fires. Callers then call finishIfLeft. */
  private void drop(RedisShardLease lease) {
    held.remove(lease.shard().id(), lease);
    lease.lose();
  }

  @Override
  public Mono<Void> release(ShardLease lease) {
    return Mono.defer(
        () -> {
          if (!(lease instanceof RedisShardLease own) || held.get(own.shard().id()) != own) {
            return Mono.empty();
          }
          drop(own);
          return releaseInRedis(own).doFinally(s -> finishIfLeft());
        });
  }

  private Mono<Void> releaseInRedis(RedisShardLease lease) {
    return redis
        .run(LuaScripts.RELEASE, List.of(keys.lease(lease.shard().id())), List.of(lease.holder()))
        .then();
  }

  @Override
  public Mono<Void> leave() {
    return Mono.defer(
        () -> {
          leaving = true;
          return redis
              .run(LuaScripts.LEAVE, List.of(keys.nodes()), List.of(settings.node()))
              .onErrorResume(e -> Mono.empty())
              .then(
                  Mono.defer(
                      () -> {
                        held.values().forEach(RedisShardLease::requestHandoff);
                        finishIfLeft();
                        return stopped.asMono();
                      }));
        });
  }

  private void finishIfLeft() {
    if (leaving && held.isEmpty()) {
      Disposable t = ticker;
      if (t != null) {
        t.dispose();
      }
      synchronized (assignments) {
        assignments.tryEmitComplete();
      }
      stopped.tryEmitEmpty();
    }
  }

  /**
   * Freezes this node as {@code kill -9} or {@code SIGSTOP} would: nothing runs any more (no
   * renewal, no release, no self-fence), its leases expire in Redis. For tests.
   */
  void halt() {
    leaving = true;
    Disposable t = ticker;
    if (t != null) {
      t.dispose();
    }
    held.values().forEach(RedisShardLease::disarm);
  }

  private long now() {
    return settings.scheduler().now(TimeUnit.MILLISECONDS);
  }
}
