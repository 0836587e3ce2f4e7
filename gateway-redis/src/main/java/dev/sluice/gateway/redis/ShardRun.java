package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.reactor.ShardLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One shard this node holds a lease for: its client, and the pipeline that stores each batch's
 * sequence (fenced) before handing the batch to the cluster. A handoff closes the client resumably,
 * lets the pipeline drain, then releases the lease; a lost lease stops delivery at once.
 */
final class ShardRun {

  private static final Logger log = LoggerFactory.getLogger(ShardRun.class);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final ShardLease lease;
  private final GatewayClient client;
  private final SequenceGate gate;
  private final ClusterSettings settings;
  private final Sinks.Many<Long> delivered = Sinks.many().replay().latest();
  private final Sinks.Empty<Void> ended = Sinks.empty();
  private final AtomicBoolean ending = new AtomicBoolean();
  private volatile Disposable pipeline;
  private volatile Disposable connection;

  ShardRun(ShardLease lease, GatewayClient client, SequenceGate gate, ClusterSettings settings) {
    this.lease = lease;
    this.client = client;
    this.gate = gate;
    this.settings = settings;
  }

  /** Creates the run: loads the stored session, then builds the client over the gate's view. */
  static Mono<ShardRun> create(ShardLease lease, ClusterSettings settings) {
    SessionStore store = settings.stores().apply(lease);
    EventSink sink = settings.sink();
    SequenceGate gate =
        new SequenceGate(
            lease.shard(), store, settings.scheduler(), sink == null ? null : sink.batches(lease));
    return store
        .load(lease.shard())
        .doOnNext(gate::start)
        .then(
            Mono.fromSupplier(
                () -> {
                  GatewayClient.Builder builder =
                      settings
                          .clients()
                          .apply(GatewayClient.builder(settings.token()))
                          .shard(lease.shard())
                          .gatewayUrl(settings.gatewayUrl())
                          .identifyLimiter(settings.limiter())
                          .sessionStore(gate.clientView())
                          .scheduler(settings.scheduler());
                  return new ShardRun(lease, builder.build(), gate, settings);
                }));
  }

  ShardLease lease() {
    return lease;
  }

  GatewayClient client() {
    return client;
  }

  /** Completes when this run has ended (handed off, lost, or stopped). */
  Mono<Void> ended() {
    return ended.asMono();
  }

  /** Starts delivering into {@code deliver} and connects; answers handoff and loss. */
  void start(Consumer<List<RawEvent>> deliver) {
    delivered.tryEmitNext(gate.accepted());
    pipeline =
        gate.accepting(
                client
                    .raw()
                    .bufferTimeout(
                        settings.batchSize(), settings.batchWindow(), settings.scheduler(), true))
            .takeUntilOther(lease.lost())
            .subscribe(
                batch -> {
                  deliver.accept(batch);
                  delivered.tryEmitNext(gate.accepted());
                },
                e -> {
                  log.warn("shard {}: delivery stopped: {}", lease.shard(), e.toString());
                  lostLease();
                  settings.leases().release(lease).subscribe(null, x -> {});
                });
    connection =
        client
            .connect()
            .subscribe(null, e -> log.warn("shard {} ended: {}", lease.shard(), e.getMessage()));
    if (settings.sink() != null) {
      Disposable relay = settings.sink().relayCommands(lease, client).subscribe();
      ended.asMono().subscribe(null, null, relay::dispose);
    }
    lease.handoff().subscribe(null, null, this::handOff);
    lease.lost().subscribe(null, null, this::lostLease);
  }

  /** Placement moved the shard: close resumably, drain, release. */
  private void handOff() {
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    log.info("shard {}: handing off (fence {})", lease.shard(), lease.fence());
    client
        .closeResumable()
        .flatMap(this::drained)
        .onErrorResume(
            e -> {
              log.warn("shard {}: resumable close failed: {}", lease.shard(), e.toString());
              return Mono.empty();
            })
        .then(Mono.fromRunnable(this::stopPipeline))
        .then(settings.leases().release(lease))
        .doFinally(s -> ended.tryEmitEmpty())
        .subscribe(
            null, e -> log.warn("shard {}: release failed: {}", lease.shard(), e.toString()));
  }

  /** Waits until every event received before the close is stored and delivered. */
  private Mono<Void> drained(Session closed) {
    return delivered
        .asFlux()
        .filter(seq -> seq >= closed.sequence())
        .next()
        .timeout(DRAIN_TIMEOUT, settings.scheduler())
        .then();
  }

  /** The lease is gone: stop delivering now, then close the connection resumably. */
  private void lostLease() {
    stopPipeline();
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    log.warn("shard {}: lease lost (fence {}); stopping", lease.shard(), lease.fence());
    client
        .closeResumable()
        .onErrorResume(e -> Mono.empty())
        .doFinally(
            s -> {
              Disposable c = connection;
              if (c != null) {
                c.dispose();
              }
              ended.tryEmitEmpty();
            })
        .subscribe();
  }

  private void stopPipeline() {
    Disposable p = pipeline;
    if (p != null) {
      p.dispose();
    }
  }
}
