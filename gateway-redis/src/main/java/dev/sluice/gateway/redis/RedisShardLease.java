package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.ShardLease;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A lease held in Redis as {@code "node|fence"}, with its self-fence timer. Thread-safe. */
final class RedisShardLease implements ShardLease {

  private final ShardInfo shard;
  private final long fence;
  private final String holder;
  private final Sinks.Empty<Void> handoff = Sinks.empty();
  private final Sinks.Empty<Void> lost = Sinks.empty();
  private final AtomicBoolean handoffSignalled = new AtomicBoolean();
  private final AtomicBoolean isLost = new AtomicBoolean();
  private final AtomicReference<Disposable> selfFence = new AtomicReference<>();

  RedisShardLease(ShardInfo shard, long fence, String node) {
    this.shard = shard;
    this.fence = fence;
    this.holder = node + "|" + fence;
  }

  @Override
  public ShardInfo shard() {
    return shard;
  }

  @Override
  public long fence() {
    return fence;
  }

  /** The lease key's value while this lease is held. */
  String holder() {
    return holder;
  }

  @Override
  public Mono<Void> handoff() {
    return handoff.asMono();
  }

  @Override
  public Mono<Void> lost() {
    return lost.asMono();
  }

  @Override
  public boolean isLost() {
    return isLost.get();
  }

  void requestHandoff() {
    if (handoffSignalled.compareAndSet(false, true)) {
      handoff.tryEmitEmpty();
    }
  }

  /** Replaces the self-fence timer (after a renewal); a lost lease disposes the new one. */
  void rearm(Disposable timer) {
    Disposable previous = selfFence.getAndSet(timer);
    if (previous != null) {
      previous.dispose();
    }
    if (isLost.get()) {
      timer.dispose();
    }
  }

  /** Stops the self-fence timer without losing the lease (a frozen process). */
  void disarm() {
    Disposable timer = selfFence.getAndSet(null);
    if (timer != null) {
      timer.dispose();
    }
  }

  /** Marks the lease lost (once) and stops its timer; returns whether this call lost it. */
  boolean lose() {
    if (!isLost.compareAndSet(false, true)) {
      return false;
    }
    Disposable timer = selfFence.getAndSet(null);
    if (timer != null) {
      timer.dispose();
    }
    lost.tryEmitEmpty();
    return true;
  }

  @Override
  public String toString() {
    return "ShardLease" + shard + " fence " + fence;
  }
}
