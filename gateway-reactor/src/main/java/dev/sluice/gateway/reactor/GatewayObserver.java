package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Watches what a {@link GatewayClient} does, for metrics and health checks: every method is a no-op
 * by default, so an observer overrides only what it needs. Set one with {@link
 * GatewayClientBuilder#observer} (for every shard of a group through {@link
 * ShardGroupBuilder#eachShard}); {@code gateway-micrometer}'s {@code SluiceMetrics} is one.
 *
 * <pre>{@code
 * GatewayObserver reconnects =
 *     new GatewayObserver() {
 *       @Override
 *       public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
 *         log.warn("shard {} reconnecting: {}", shard, reason);
 *       }
 *     };
 * GatewayClient client = GatewayClient.builder(token).observer(reconnects).build();
 * }</pre>
 *
 * <p>Lifecycle: {@link #forShard} is called once per client when it is built; the client then calls
 * only the observer it returned. Threading: methods are called on the client's threads (the Netty
 * event loop for events, heartbeats and states; any thread for the outbound queue) and must not
 * block; {@link #eventReceived} is called once per dispatch on the hot path, so it should cost no
 * more than a counter increment. Calls about one shard's events, heartbeats and states are
 * serialized; an observer shared by several shards must be thread-safe. An exception thrown by an
 * observer is a bug in it: it is not caught. Without an observer a client uses {@link #none()}.
 */
public interface GatewayObserver {

  /** The observer that observes nothing (the default). */
  static GatewayObserver none() {
    return Observers.NONE;
  }

  /** An observer that calls each of {@code observers} in turn. */
  static GatewayObserver composite(List<GatewayObserver> observers) {
    List<GatewayObserver> all = List.copyOf(Objects.requireNonNull(observers, "observers"));
    return all.isEmpty() ? none() : all.size() == 1 ? all.get(0) : new Observers.Composite(all);
  }

  /**
   * The observer a client of {@code shard} calls, so an implementation can look up its per-shard
   * state (meters, say) once instead of on every call. By default this one.
   */
  default GatewayObserver forShard(ShardInfo shard) {
    return this;
  }

  /** A dispatch was received and is being delivered (the hot path: once per event). */
  default void eventReceived(ShardInfo shard, String type) {}

  /** A subscriber's buffer was full and {@code policy} dropped an event of {@code type}. */
  default void eventDropped(ShardInfo shard, String type, OverflowPolicy policy) {}

  /** Hello started heartbeating every {@code interval} on a new connection. */
  default void heartbeatStarted(ShardInfo shard, Duration interval) {}

  /** A heartbeat was acknowledged after {@code roundTrip}. */
  default void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {}

  /** The client's state changed (every {@link GatewayState} it emits, in order). */
  default void stateChanged(ShardInfo shard, GatewayState state) {}

  /**
   * A connection ended for {@code reason} and another will be opened after {@code delay}. Reported
   * with {@link #invalidSession} first when the reason is an op 9.
   */
  default void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {}

  /** The gateway sent op 9 Invalid Session; {@code resumable} is its {@code d}. */
  default void invalidSession(ShardInfo shard, boolean resumable) {}

  /** Identify is being sent (its permit was granted). */
  default void identifySent(ShardInfo shard) {}

  /**
   * The session budget's remaining session starts, as the identify limiter knows it, reported when
   * an Identify is sent (only by limiters that keep the budget).
   */
  default void sessionBudgetRemaining(ShardInfo shard, int remaining) {}

  /**
   * RESUMED arrived: the session was resumed, after {@code replayed} missed dispatches were
   * replayed (those received between Resume and RESUMED).
   */
  default void resumeSucceeded(ShardInfo shard, long replayed) {}

  /** A session could not be resumed: the shard identifies anew (the session's events are lost). */
  default void resumeFailed(ShardInfo shard) {}

  /** A user command ({@link GatewayClient#send}) was written to the socket. */
  default void commandSent(ShardInfo shard) {}

  /**
   * The outbound queue (heartbeats, Identify/Resume and user commands) now holds {@code length}.
   */
  default void outboundQueueLength(ShardInfo shard, int length) {}
}
