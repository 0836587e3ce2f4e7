package dev.sluice.gateway.reactor;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which shards this node runs, when one bot's shards are spread over several processes. A node
 * {@linkplain #join() joins}, receives a {@link ShardLease} for every shard placed on it, runs each
 * shard while its lease is held, hands a shard off when the lease asks it to ({@link
 * ShardLease#handoff()}: close resumably, then {@link #release}), and stops at once when a lease is
 * {@linkplain ShardLease#lost() lost}. In one process, {@link #inMemory(int)} places every shard on
 * the only node; gateway-redis places them over many nodes with fenced leases.
 *
 * <pre>{@code
 * ShardLeases leases = ShardLeases.inMemory(4);
 * leases.assignments().subscribe(lease -> log.info("holding shard {}", lease.shard()));
 * leases.join().block();
 * }</pre>
 *
 * <p>Implementations are thread-safe; their timers run on a {@code Scheduler} given at creation.
 */
public interface ShardLeases {

  /**
   * The leases this node acquires, as it acquires them (a hot stream: subscribe before {@link
   * #join()} to see every one). Completes after {@link #leave()} has finished.
   */
  Flux<ShardLease> assignments();

  /** Takes part in placement: starts acquiring and renewing leases. Idempotent. */
  Mono<Void> join();

  /**
   * Gives a lease up (after its shard was closed resumably), so another node can take it over. Its
   * {@link ShardLease#lost()} completes. Releasing a lost lease does nothing.
   */
  Mono<Void> release(ShardLease lease);

  /**
   * Withdraws this node from placement: every held lease gets its {@link ShardLease#handoff()}
   * signal and stays renewed until it is released; completes when all are released and the node has
   * stopped. An orderly stop is {@code leave()} while answering each handoff.
   */
  Mono<Void> leave();

  /**
   * Leases for one process: every shard of {@code shardCount} goes to this node, with fences 1, 2,
   * ...; a released lease is granted again (with a greater fence) while the node is joined.
   */
  static ShardLeases inMemory(int shardCount) {
    return new InMemoryShardLeases(shardCount);
  }
}
