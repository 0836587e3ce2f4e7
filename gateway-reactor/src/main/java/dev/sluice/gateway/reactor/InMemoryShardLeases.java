package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.ShardInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** {@link ShardLeases} for one process: this node holds every shard. Thread-safe. */
final class InMemoryShardLeases implements ShardLeases {

  private final int shardCount;
  private final AtomicLong fences = new AtomicLong();
  private final Map<Integer, Lease> held = new ConcurrentHashMap<>();

  /** Buffers until the first subscriber, then hot. Emissions are serialised on {@code this}. */
  private final Sinks.Many<ShardLease> assignments =
      Sinks.many().multicast().onBackpressureBuffer();

  private final Sinks.Empty<Void> emptied = Sinks.empty();
  private volatile boolean joined;
  private volatile boolean leaving;

  InMemoryShardLeases(int shardCount) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, was " + shardCount);
    }
    this.shardCount = shardCount;
  }

  @Override
  public Flux<ShardLease> assignments() {
    return assignments.asFlux();
  }

  @Override
  public Mono<Void> join() {
    return Mono.fromRunnable(
        () -> {
          synchronized (this) {
            if (joined || leaving) {
              return;
            }
            joined = true;
          }
          for (int id = 0; id < shardCount; id++) {
            grant(id);
          }
        });
  }

  private synchronized void grant(int id) {
    Lease lease = new Lease(ShardInfo.of(id, shardCount), fences.incrementAndGet());
    held.put(id, lease);
    assignments.tryEmitNext(lease);
  }

  @Override
  public Mono<Void> release(ShardLease lease) {
    return Mono.fromRunnable(
        () -> {
          if (!(lease instanceof Lease own) || !held.remove(lease.shard().id(), own)) {
            return;
          }
          own.lose();
          if (leaving) {
            if (held.isEmpty()) {
              finish();
            }
          } else if (joined) {
            grant(lease.shard().id());
          }
        });
  }

  @Override
  public Mono<Void> leave() {
    return Mono.defer(
        () -> {
          leaving = true;
          held.values().forEach(lease -> lease.handoff.tryEmitEmpty());
          if (held.isEmpty()) {
            finish();
          }
          return emptied.asMono();
        });
  }

  private synchronized void finish() {
    emptied.tryEmitEmpty();
    assignments.tryEmitComplete();
  }

  private static final class Lease implements ShardLease {
    private final ShardInfo shard;
    private final long fence;
    final Sinks.Empty<Void> handoff = Sinks.empty();
    private final Sinks.Empty<Void> lost = Sinks.empty();
    private final java.util.concurrent.atomic.AtomicBoolean isLost =
        new java.util.concurrent.atomic.AtomicBoolean();

    Lease(ShardInfo shard, long fence) {
      this.shard = shard;
      this.fence = fence;
    }

    @Override
    public ShardInfo shard() {
      return shard;
    }

    @Override
    public long fence() {
      return fence;
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

    void lose() {
      if (isLost.compareAndSet(false, true)) {
        lost.tryEmitEmpty();
      }
    }

    @Override
    public String toString() {
      return "ShardLease" + shard + " fence " + fence;
    }
  }
}
