package dev.sluice.spring.boot;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.GatewayObserver;
import dev.sluice.gateway.reactor.GatewayState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps what the health indicator reads about each shard: its state, the heartbeat interval, when
 * it last heard an ACK (or Hello), when inbound traffic last moved, whether a zombie is still
 * unrecovered, and its resumes. A {@link GatewayObserver} set on every shard of the auto-configured
 * group.
 *
 * <p>Thread-safe. The per-event call is one ordered store of a counter; the time of the last
 * inbound dispatch is read off that counter when health is checked ({@link Shard#inboundAge}).
 */
final class ShardHealthTracker implements GatewayObserver {

  private final LongSupplier nanoClock;
  private final Map<Integer, Shard> shards = new ConcurrentHashMap<>();

  ShardHealthTracker(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  @Override
  public GatewayObserver forShard(ShardInfo shard) {
    return shards.computeIfAbsent(shard.id(), id -> new Shard(nanoClock));
  }

  /** The shard's record, or null when no client of it was built. */
  Shard shard(int id) {
    return shards.get(id);
  }

  /** One shard's health facts. */
  static final class Shard implements GatewayObserver {
    private final LongSupplier nanoClock;
    private final AtomicLong events = new AtomicLong();
    private final AtomicInteger resumes = new AtomicInteger();
    private volatile GatewayState state;
    private volatile long intervalNanos;
    private volatile long lastAckNanos;
    private volatile long lastInboundNanos;
    private volatile boolean zombie;
    // Read side only (health checks): the counter value last seen, to date inbound dispatches.
    private long seenEvents;

    Shard(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
      long now = nanoClock.getAsLong();
      this.lastAckNanos = now;
      this.lastInboundNanos = now;
    }

    @Override
    public void eventReceived(ShardInfo shard, String type) {
      events.lazySet(events.get() + 1); // one writer: the shard's serialized fold
    }

    @Override
    public void heartbeatStarted(ShardInfo shard, Duration interval) {
      intervalNanos = interval.toNanos();
      inbound();
    }

    @Override
    public void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {
      inbound();
    }

    private void inbound() {
      long now = nanoClock.getAsLong();
      lastAckNanos = now;
      lastInboundNanos = now;
    }

    @Override
    public void stateChanged(ShardInfo shard, GatewayState state) {
      if (state instanceof GatewayState.Ready) {
        zombie = false;
      } else if (state instanceof GatewayState.Disconnected d
          && d.reason() instanceof DisconnectReason.Resumable r
          && r.cause() == DisconnectReason.Cause.ZOMBIE) {
        zombie = true;
      }
      this.state = state;
    }

    @Override
    public void resumeSucceeded(ShardInfo shard, long replayed) {
      resumes.incrementAndGet();
    }

    GatewayState state() {
      return state;
    }

    boolean zombie() {
      return zombie;
    }

    int resumes() {
      return resumes.get();
    }

    /** The heartbeat interval of the current connection, or null before Hello. */
    Duration interval() {
      long nanos = intervalNanos;
      return nanos == 0 ? null : Duration.ofNanos(nanos);
    }

    /** Since the last ACK (or Hello, which starts the heartbeat). */
    Duration ackAge() {
      return Duration.ofNanos(nanoClock.getAsLong() - lastAckNanos);
    }

    /** Since the last inbound message seen: an ACK, Hello, or a dispatch counted since. */
    synchronized Duration inboundAge() {
      long now = nanoClock.getAsLong();
      long count = events.get();
      if (count != seenEvents) {
        seenEvents = count;
        lastInboundNanos = now;
      }
      return Duration.ofNanos(now - lastInboundNanos);
    }
  }
}
