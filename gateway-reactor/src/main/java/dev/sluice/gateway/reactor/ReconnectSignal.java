package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.internal.session.Lifecycle;

/**
 * The error a connection attempt ends with when another should follow; the connection loop's {@code
 * retryWhen} turns it into the decided wait. Never reaches users (a fatal close becomes a {@code
 * GatewayException} instead). No stack trace: it is control flow.
 */
final class ReconnectSignal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final transient Lifecycle.Decision.Reconnect decision;

  ReconnectSignal(Lifecycle.Decision.Reconnect decision) {
    super("reconnect: " + decision.reason(), null, false, false);
    this.decision = decision;
  }
}
