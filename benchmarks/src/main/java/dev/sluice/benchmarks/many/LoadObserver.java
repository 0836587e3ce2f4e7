package dev.sluice.benchmarks.many;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.GatewayObserver;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link ManyShards} reads off every shard: heartbeat round trips (kept, for percentiles),
 * reconnects by cause (a zombie is a heartbeat due while the last was un-ACKed: a missed ACK), and
 * Identifies. Thread-safe; {@link #reset} starts the measured window.
 */
final class LoadObserver implements GatewayObserver {

  private long[] roundTrips = new long[1 << 16];
  private int count;
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong zombies = new AtomicLong();
  private final AtomicLong identifies = new AtomicLong();

  @Override
  public synchronized void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {
    if (count == roundTrips.length) {
      roundTrips = Arrays.copyOf(roundTrips, count * 2);
    }
    roundTrips[count++] = roundTrip.toNanos();
  }

  @Override
  public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
    reconnects.incrementAndGet();
    if (reason instanceof DisconnectReason.Resumable r
        && r.cause() == DisconnectReason.Cause.ZOMBIE) {
      zombies.incrementAndGet();
    }
  }

  @Override
  public void identifySent(ShardInfo shard) {
    identifies.incrementAndGet();
  }

  synchronized void reset() {
    count = 0;
    reconnects.set(0);
    zombies.set(0);
  }

  /** Round trips of the window: count, p50, p99, max in milliseconds. */
  synchronized double[] roundTripsMillis() {
    long[] sorted = Arrays.copyOf(roundTrips, count);
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new double[] {0, 0, 0, 0};
    }
    return new double[] {
      sorted.length,
      sorted[(int) (sorted.length * 0.50)] / 1e6,
      sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
      sorted[sorted.length - 1] / 1e6
    };
  }

  long reconnects() {
    return reconnects.get();
  }

  long zombies() {
    return zombies.get();
  }

  long identifies() {
    return identifies.get();
  }
}
