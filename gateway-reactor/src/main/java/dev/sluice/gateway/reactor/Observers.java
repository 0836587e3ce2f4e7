package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import java.time.Duration;
import java.util.List;

/** The built-in {@link GatewayObserver}s: none, and several in turn. */
final class Observers {

  /** Observes nothing; a constant, so the client's calls on it inline to nothing. */
  static final GatewayObserver NONE = new None();

  private Observers() {}

  private static final class None implements GatewayObserver {
    @Override
    public String toString() {
      return "GatewayObserver.none()";
    }
  }

  /** Calls each observer in turn, in list order. */
  record Composite(List<GatewayObserver> observers) implements GatewayObserver {

    @Override
    public GatewayObserver forShard(ShardInfo shard) {
      return new Composite(observers.stream().map(o -> o.forShard(shard)).toList());
    }

    @Override
    public void eventReceived(ShardInfo shard, String type) {
      for (GatewayObserver o : observers) {
        o.eventReceived(shard, type);
      }
    }

    @Override
    public void eventDropped(ShardInfo shard, String type, OverflowPolicy policy) {
      observers.forEach(o -> o.eventDropped(shard, type, policy));
    }

    @Override
    public void heartbeatStarted(ShardInfo shard, Duration interval) {
      observers.forEach(o -> o.heartbeatStarted(shard, interval));
    }

    @Override
    public void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {
      observers.forEach(o -> o.heartbeatAcknowledged(shard, roundTrip));
    }

    @Override
    public void stateChanged(ShardInfo shard, GatewayState state) {
      observers.forEach(o -> o.stateChanged(shard, state));
    }

    @Override
    public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
      observers.forEach(o -> o.reconnecting(shard, reason, delay));
    }

    @Override
    public void invalidSession(ShardInfo shard, boolean resumable) {
      observers.forEach(o -> o.invalidSession(shard, resumable));
    }

    @Override
    public void identifySent(ShardInfo shard) {
      observers.forEach(o -> o.identifySent(shard));
    }

    @Override
    public void sessionBudgetRemaining(ShardInfo shard, int remaining) {
      observers.forEach(o -> o.sessionBudgetRemaining(shard, remaining));
    }

    @Override
    public void resumeSucceeded(ShardInfo shard, long replayed) {
      observers.forEach(o -> o.resumeSucceeded(shard, replayed));
    }

    @Override
    public void resumeFailed(ShardInfo shard) {
      observers.forEach(o -> o.resumeFailed(shard));
    }

    @Override
    public void commandSent(ShardInfo shard) {
      observers.forEach(o -> o.commandSent(shard));
    }

    @Override
    public void outboundQueueLength(ShardInfo shard, int length) {
      observers.forEach(o -> o.outboundQueueLength(shard, length));
    }
  }
}
