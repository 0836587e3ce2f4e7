package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.ShardInfo;
import reactor.core.publisher.Mono;

/**
 * This node's right to run one shard, handed out by {@link ShardLeases#assignments()}. A lease
 * carries a fencing token: a number that only grows across owners of the shard, so a shared store
 * can refuse a write from an owner that has been replaced (a paused "zombie" process).
 *
 * <p>Lifecycle: a lease is held from the moment it is emitted until {@link #lost()} completes.
 * While held, {@link #handoff()} may complete first: placement wants the shard elsewhere, so the
 * holder closes the shard resumably and then calls {@link ShardLeases#release}. Once {@link
 * #lost()} completes (released, expired, or the node could not renew in time and fenced itself) the
 * holder must stop delivering the shard's events at once. Implementations are thread-safe.
 */
public interface ShardLease {

  /** The shard this lease is for. */
  ShardInfo shard();

  /** The fencing token: greater than that of every earlier lease of the same shard. */
  long fence();

  /**
   * Completes when placement wants this shard on another node (or this node is leaving): close it
   * resumably, then release the lease. Never completes for a lease that stays put.
   */
  Mono<Void> handoff();

  /**
   * Completes when this node no longer holds the lease: after {@link ShardLeases#release}, or
   * before the lease could expire unrenewed (the node fences itself by its own deadline).
   */
  Mono<Void> lost();

  /** Whether {@link #lost()} has completed. */
  boolean isLost();
}
