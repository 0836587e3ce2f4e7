package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import java.time.Duration;

/**
 * What happened on one connection, as {@link ConnectionRun#events()} reports it to the client that
 * folds it: dispatches, state changes, readiness, heartbeat round trips, and last, exactly once,
 * how the connection ended.
 */
sealed interface ConnectionEvent
    permits Dispatched,
        ConnectionEvent.StateChanged,
        ConnectionEvent.Ready,
        ConnectionEvent.Latency,
        ConnectionEvent.Ended {

  /** The connection moved on in its handshake (awaiting the identify limiter, identifying, ...). */
  record StateChanged(GatewayState state) implements ConnectionEvent {}

  /** READY or RESUMED: {@code dispatch} is delivered first, then the session is live. */
  record Ready(Dispatched dispatch, Session session, boolean resumed) implements ConnectionEvent {}

  /** A heartbeat was acknowledged after {@code roundTrip}. */
  record Latency(Duration roundTrip) implements ConnectionEvent {}

  /**
   * The connection is over, for {@code reason}; {@code kept} is the session the next connection
   * resumes, or null; {@code last} is the session as it was just before the end (with the last
   * sequence delivered), or null when there was none. Always the last event, emitted once the close
   * frame is out (or given up).
   */
  record Ended(DisconnectReason reason, Session kept, Session last) implements ConnectionEvent {}
}
