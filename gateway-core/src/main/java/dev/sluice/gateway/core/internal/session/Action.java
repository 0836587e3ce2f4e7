package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.time.Duration;

/**
 * What the connection must do next, returned by {@link SessionMachine#next}, to be done in order.
 */
public sealed interface Action {

  /**
   * Start (or restart) the heartbeat timer: first beat after interval × random[0,1), then periodic.
   */
  record StartHeartbeat(Duration interval) implements Action {}

  /** Send Identify (through the identify limiter), built from the client's configuration. */
  record SendIdentify() implements Action {}

  /** Send Resume for this session. */
  record SendResume(Session session) implements Action {}

  /**
   * Send a heartbeat now, ahead of any queued user command.
   *
   * @param sequence the last sequence, or -1 for {@code null}
   * @param requested whether the server asked for it (op 1) rather than the timer
   */
  record SendHeartbeat(long sequence, boolean requested) implements Action {}

  /** The server acknowledged the last heartbeat (op 11); measure latency now. */
  record HeartbeatAcked() implements Action {}

  /** Deliver this dispatch to subscribers. */
  record Dispatch(GatewayPayload payload) implements Action {}

  /**
   * The connection became ready (READY or RESUMED received): announced once per connection, right
   * after that dispatch.
   *
   * @param session the session now live
   * @param resumed whether it was resumed (RESUMED) rather than started (READY)
   */
  record Ready(Session session, boolean resumed) implements Action {}

  /** Close the WebSocket with this code (1000 ends the session; 4900 keeps it). */
  record Close(int code) implements Action {}

  /** The connection is over, for this reason; always the last action a connection gets. */
  record End(DisconnectReason reason) implements Action {}
}
