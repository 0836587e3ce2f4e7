package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.time.Duration;

/**
 * Where a {@link GatewayClient} is in its lifecycle, as {@link GatewayClient#state()} reports it:
 * {@code Connecting → Identifying | Resuming → Ready → Disconnected → Connecting → …}, ending in
 * {@code Closed}, {@code FatallyClosed} or {@code Failed}.
 */
public sealed interface GatewayState {

  /** Whether events are live. */
  default boolean isReady() {
    return this instanceof Ready;
  }

  /**
   * Opening a WebSocket.
   *
   * @param attempt 1 for the first connection, counting up across reconnects
   */
  record Connecting(int attempt, String url) implements GatewayState {}

  /**
   * Waiting for the identify limiter before Identify: for the shard's turn in its bucket, or for a
   * reason the limiter reported (session budget at its reserve, budget unknown, ...).
   */
  record AwaitingIdentify(IdentifyWait.Reason reason, String why) implements GatewayState {}

  /** Identify sent, waiting for READY. */
  record Identifying() implements GatewayState {}

  /** Resume sent; missed events are being replayed until RESUMED. */
  record Resuming(Session session) implements GatewayState {}

  /**
   * Events are live.
   *
   * @param resumed whether the session was resumed (RESUMED) rather than started (READY)
   */
  record Ready(Session session, boolean resumed) implements GatewayState {}

  /**
   * The connection ended and another will be opened after {@code retryIn}.
   *
   * @param attempt the number of the connection that ended
   */
  record Disconnected(DisconnectReason reason, int attempt, Duration retryIn)
      implements GatewayState {}

  /**
   * A session was lost, and with it the events Discord would have replayed: after Invalid Session
   * with {@code d = false}, a close code that needs a new session, a Resume abandoned after
   * repeated failures, or a fatal close. A cache built from events should resynchronise. Followed
   * by {@link Disconnected} (a new session is identified) or {@link FatallyClosed}.
   *
   * @param session the lost session, with the last sequence delivered to subscribers
   * @param reason why it was lost
   */
  record SessionLost(Session session, DisconnectReason reason) implements GatewayState {}

  /** A fatal close code ended the client; it will not reconnect. */
  record FatallyClosed(GatewayCloseCode code, int rawCode, String reason) implements GatewayState {}

  /**
   * The client gave up without a fatal close code (reconnect attempts exhausted, or an error that
   * ended its loop); it will not reconnect, and {@code connect()} fails with the error.
   *
   * @param reason what ended it
   */
  record Failed(String reason) implements GatewayState {}

  /**
   * The client was closed by its user.
   *
   * @param session the session kept for a later Resume, or null when it was ended with 1000
   */
  record Closed(Session session) implements GatewayState {}
}
