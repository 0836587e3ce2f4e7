package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import java.time.Duration;

/**
 * One shard's life across connections, as a pure policy: where the next connection goes (Resume at
 * the session's URL, or Identify at the gateway URL), and after each connection's end whether to
 * reconnect, after how long and with which session, or to stop. The reactive shell keeps the
 * current value and replaces it with what each step returns; nothing else decides these things.
 *
 * @param session the session the next connection resumes, or null to Identify
 * @param attempts connections opened so far
 * @param failuresInARow connections in a row that ended before becoming ready
 * @param live whether the current connection became ready (READY or RESUMED)
 * @param resumeUrlFailed whether the session's resume URL could not be reached (then the next
 *     Resume goes to the gateway URL)
 * @param closing the user's close request, or null
 * @param acked whether the current connection's heartbeat was acknowledged since it became ready
 * @param unsteady connections in a row that became ready but ended before a heartbeat ACK (a
 *     gateway that accepts each session and drops it at once): the first such end reconnects at
 *     once, like a healthy one; the next ones back off as failures do
 */
public record Lifecycle(
    Session session,
    int attempts,
    int failuresInARow,
    boolean live,
    boolean resumeUrlFailed,
    DisconnectReason.Shutdown closing,
    boolean acked,
    int unsteady) {

  /** Consecutive protocol errors after which a session is given up for a new one. */
  public static final int POISON_LIMIT = 3;

  /** A shard that has not connected yet, resuming {@code stored} when it is not null. */
  public static Lifecycle start(Session stored) {
    return new Lifecycle(stored, 0, 0, false, false, null, false, 0);
  }

  /** A session loaded from the store, to resume on the next connection. */
  public Lifecycle resume(Session stored) {
    return new Lifecycle(stored, attempts, failuresInARow, live, false, closing, acked, unsteady);
  }

  /** The next connection is being opened. */
  public Lifecycle connecting() {
    return new Lifecycle(
        session, attempts + 1, failuresInARow, false, resumeUrlFailed, closing, false, unsteady);
  }

  /** Where the next connection goes: the session's resume URL, else {@code gatewayUrl}. */
  public String target(String gatewayUrl) {
    return session != null && !resumeUrlFailed ? session.resumeGatewayUrl() : gatewayUrl;
  }

  /** The connection became ready with {@code started}. */
  public Lifecycle ready(Session started) {
    return new Lifecycle(started, attempts, 0, true, false, closing, false, unsteady);
  }

  /** The current connection's heartbeat was acknowledged: once ready, it is healthy. */
  public Lifecycle acknowledged() {
    if (!live || acked) {
      return this;
    }
    return new Lifecycle(
        session, attempts, failuresInARow, live, resumeUrlFailed, closing, true, unsteady);
  }

  /** The user asked to close: no further connection is opened. */
  public Lifecycle close(boolean resumable) {
    return new Lifecycle(
        resumable ? session : null,
        attempts,
        failuresInARow,
        live,
        resumeUrlFailed,
        new DisconnectReason.Shutdown(resumable),
        acked,
        unsteady);
  }

  /** Whether the user asked to close. */
  public boolean isClosing() {
    return closing != null;
  }

  /**
   * After a connection could not even be opened (handshake failed): a lost connection, and if it
   * was a Resume, the next one goes to the gateway URL instead of the resume URL.
   */
  public Decision afterConnectFailure(Throwable cause, Backoff backoff, double random) {
    Lifecycle failed =
        new Lifecycle(
            session,
            attempts,
            failuresInARow,
            false,
            session != null || resumeUrlFailed,
            closing,
            false,
            unsteady);
    return failed.after(
        new DisconnectReason.Resumable(DisconnectReason.Cause.CONNECTION_LOST, -1),
        session,
        cause,
        backoff,
        random);
  }

  /**
   * What to do after a connection ended for {@code reason}.
   *
   * @param kept the session the connection ended with (null when the reason dropped it)
   * @param cause the error behind the end, if any (for messages only)
   * @param random uniform in [0, 1), for the jitter of the wait
   */
  public Decision after(
      DisconnectReason reason, Session kept, Throwable cause, Backoff backoff, double random) {
    if (reason instanceof DisconnectReason.Shutdown shutdown) {
      Session left = shutdown.resumable() ? kept : null;
      return new Decision.Stop(withSession(left, failuresInARow, unsteady), left);
    }
    if (reason instanceof DisconnectReason.Fatal fatal) {
      return new Decision.Fail(
          withSession(null, failuresInARow, unsteady),
          GatewayException.fatalClose(fatal.code(), fatal.rawCode(), fatal.reason()),
          session);
    }
    // ready and acknowledged: healthy; ready but dropped before an ACK: healthy the first time in
    // a row, then counted as failures (a flapping gateway is not reconnected to at full speed)
    int failures = !live ? failuresInARow + 1 : acked ? 0 : unsteady;
    int nextUnsteady = !live ? unsteady : acked ? 0 : unsteady + 1;
    if (failures > backoff.maxAttempts()) {
      return new Decision.Fail(
          withSession(kept, failures, nextUnsteady),
          GatewayException.of(
              GatewayException.Kind.CONNECTION,
              "gave up after " + failures + " failed connection attempts",
              cause),
          null);
    }
    Session next = kept;
    if (failures >= POISON_LIMIT
        && (reason instanceof DisconnectReason.Resumable r
                && (r.cause() == DisconnectReason.Cause.PROTOCOL_ERROR
                    || r.cause() == DisconnectReason.Cause.READY_TIMEOUT)
            || reason instanceof DisconnectReason.InvalidSession i && i.resumable())) {
      // The same replay keeps breaking the connection (a message over the limit, say), the
      // Resume keeps going unanswered, or keeps being answered op 9 d=true: resuming cannot
      // succeed, so start a new session rather than loop forever.
      next = null;
    }
    Session lost = session != null && next == null ? session : null;
    Duration wait = backoff.delay(reason, failures, random);
    return new Decision.Reconnect(withSession(next, failures, nextUnsteady), reason, wait, lost);
  }

  private Lifecycle withSession(Session value, int failures, int unsteadyInARow) {
    return new Lifecycle(
        value,
        attempts,
        failures,
        false,
        value != null && resumeUrlFailed,
        closing,
        false,
        unsteadyInARow);
  }

  /** What the shell does after a connection, with the lifecycle to keep. */
  public sealed interface Decision {

    /** The lifecycle after this decision. */
    Lifecycle next();

    /** Open another connection after {@code delay}; {@code lost} is a session given up, or null. */
    record Reconnect(Lifecycle next, DisconnectReason reason, Duration delay, Session lost)
        implements Decision {}

    /** The user closed the shard; {@code kept} is the session left for a later Resume, or null. */
    record Stop(Lifecycle next, Session kept) implements Decision {}

    /**
     * The shard cannot go on: a fatal close code ({@code lost} is the session it ended, or null),
     * or too many failed connections (the session is kept for a later start).
     */
    record Fail(Lifecycle next, GatewayException error, Session lost) implements Decision {}
  }
}
