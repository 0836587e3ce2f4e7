package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.DisconnectReason;

/**
 * The error a connection attempt ends with when another should follow; the connection loop's {@code
 * retryWhen} turns it into a wait. Never reaches users (a fatal close becomes a {@code
 * GatewayException} instead). No stack trace: it is control flow.
 */
final class ReconnectSignal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final transient DisconnectReason reason;
  final boolean healthy;

  ReconnectSignal(DisconnectReason reason, boolean healthy, Throwable cause) {
    super("reconnect: " + reason, cause, false, false);
    this.reason = reason;
    this.healthy = healthy;
  }
}
