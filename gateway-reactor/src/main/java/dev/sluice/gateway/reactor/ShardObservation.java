package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;

/**
 * Turns what {@link ShardLoop} folds into {@link GatewayObserver} calls: dispatches, round trips
 * and states as they come, plus what is read off the order of states (identifies, the session
 * budget, reconnects, invalid sessions, resumes and the dispatches they replayed).
 *
 * <p>Called by {@link ShardLoop} only, from its serialized fold and state emission (under the
 * states lock), so its fields need no synchronization of their own.
 */
final class ShardObservation {

  private final GatewayObserver observer;
  private final ShardInfo shard;
  private final IdentifyLimiter limiter;
  // Dispatches received since Resume was sent, or -1 when not resuming.
  private long replayed = -1;
  // A Resume was tried and no READY/RESUMED followed yet.
  private boolean resumeTried;

  ShardObservation(GatewayObserver observer, ShardInfo shard, IdentifyLimiter limiter) {
    this.observer = observer;
    this.shard = shard;
    this.limiter = limiter;
  }

  /** Once per dispatch: one call on the observer (and a branch while a resume replays). */
  void dispatched(Dispatched dispatched) {
    observer.eventReceived(shard, dispatched.type());
    if (replayed >= 0) {
      replayed++;
    }
  }

  void latency(ConnectionEvent.Latency measured) {
    observer.heartbeatAcknowledged(shard, measured.roundTrip());
  }

  void state(GatewayState state) {
    if (state instanceof GatewayState.Resuming) {
      replayed = 0;
      resumeTried = true;
    } else if (state instanceof GatewayState.Identifying) {
      if (resumeTried) {
        resumeTried = false;
        observer.resumeFailed(shard);
      }
      observer.identifySent(shard);
      limiter.sessionsRemaining().ifPresent(r -> observer.sessionBudgetRemaining(shard, r));
    } else if (state instanceof GatewayState.Ready ready) {
      if (ready.resumed()) {
        // READY's own dispatch was counted as replayed: RESUMED is not a missed event.
        observer.resumeSucceeded(shard, Math.max(0, replayed - 1));
      }
      replayed = -1;
      resumeTried = false;
    } else if (state instanceof GatewayState.Disconnected disconnected) {
      replayed = -1;
      DisconnectReason reason = disconnected.reason();
      if (reason instanceof DisconnectReason.InvalidSession invalid) {
        observer.invalidSession(shard, invalid.resumable());
      }
      observer.reconnecting(shard, reason, disconnected.retryIn());
    }
    observer.stateChanged(shard, state);
  }
}
