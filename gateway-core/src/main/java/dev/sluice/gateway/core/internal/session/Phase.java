package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;

/** Where one connection is in its lifecycle. */
public enum Phase {
  /** Open, waiting for Hello (op 10). */
  AWAITING_HELLO,
  /** Identify sent, waiting for READY. */
  IDENTIFYING,
  /** Resume sent, receiving replayed events until RESUMED. */
  RESUMING,
  /** READY or RESUMED received: events are live. */
  CONNECTED,
  /** The connection has ended with a {@link DisconnectReason}; every further input is ignored. */
  ENDED
}
