package dev.sluice.gateway.core;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;

/**
 * Why a connection ended. Every connection ends with exactly one reason, and the reason decides
 * what the connection loop does next.
 */
public sealed interface DisconnectReason {

  /** Whether the session (id, resume URL, sequence) survives, so the next connection Resumes. */
  boolean keepsSession();

  /** Whether a new connection may be opened. */
  default boolean canReconnect() {
    return true;
  }

  /** What happened, for the resumable and re-identify reasons. */
  enum Cause {
    /** A heartbeat was due while the previous one was still un-ACKed. */
    ZOMBIE,
    /** The gateway sent Reconnect (op 7). */
    RECONNECT_REQUESTED,
    /** The gateway closed the connection with a close code. */
    SERVER_CLOSED,
    /** The connection dropped without a close frame. */
    CONNECTION_LOST,
    /** No Hello arrived in time. */
    HELLO_TIMEOUT,
    /** No READY or RESUMED arrived in time after Identify or Resume. */
    READY_TIMEOUT,
    /** An inbound message could not be handled (malformed, corrupt, oversized). */
    PROTOCOL_ERROR
  }

  /**
   * Reconnect and Resume (or Identify when there is no session yet).
   *
   * @param closeCode the server's close code for {@link Cause#SERVER_CLOSED}, else -1
   */
  record Resumable(Cause cause, int closeCode) implements DisconnectReason {
    @Override
    public boolean keepsSession() {
      return true;
    }
  }

  /** Reconnect and Identify: the session is gone (close codes 4003, 4007, 4009). */
  record Reidentify(Cause cause, int closeCode) implements DisconnectReason {
    @Override
    public boolean keepsSession() {
      return false;
    }
  }

  /**
   * The gateway sent Invalid Session (op 9). Reconnect after a random 1–5 s wait, then Resume when
   * {@code resumable}, else Identify.
   */
  record InvalidSession(boolean resumable) implements DisconnectReason {
    @Override
    public boolean keepsSession() {
      return resumable;
    }
  }

  /** A fatal close code: no reconnect can succeed until the configuration changes. */
  record Fatal(GatewayCloseCode code, int rawCode, String reason) implements DisconnectReason {
    @Override
    public boolean keepsSession() {
      return false;
    }

    @Override
    public boolean canReconnect() {
      return false;
    }
  }

  /**
   * The user closed the connection: with 1000 the session ends (the bot goes offline); with a
   * resumable close the session is kept for a later Resume.
   */
  record Shutdown(boolean resumable) implements DisconnectReason {
    @Override
    public boolean keepsSession() {
      return resumable;
    }

    @Override
    public boolean canReconnect() {
      return false;
    }
  }
}
