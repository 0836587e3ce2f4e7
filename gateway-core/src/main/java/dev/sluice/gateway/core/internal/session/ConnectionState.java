package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one connection and of the session it carries. Immutable: {@link SessionMachine#next}
 * returns a new one for every input.
 *
 * @param phase where the connection is
 * @param shard the shard this connection serves
 * @param sessionId the session id, or null when there is no session
 * @param resumeGatewayUrl the resume URL; before a session starts, the URL this connection was
 *     opened to (where a session whose READY names no resume URL is resumed), or null
 * @param sequence the last sequence received on the session, or -1 for none
 * @param awaitingAck whether a timer heartbeat was sent and not yet acknowledged
 * @param handshakeSent whether Identify or Resume was sent on this connection
 * @param endReason why the connection ended, once {@code phase} is ENDED
 */
public record ConnectionState(
    Phase phase,
    ShardInfo shard,
    String sessionId,
    String resumeGatewayUrl,
    long sequence,
    boolean awaitingAck,
    boolean handshakeSent,
    DisconnectReason endReason) {

  public ConnectionState {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(shard, "shard");
  }

  /**
   * A new connection for {@code shard}, carrying {@code session} (to Resume) or none (to Identify).
   */
  public static ConnectionState start(ShardInfo shard, Session session) {
    return start(shard, session, null);
  }

  /**
   * A new connection opened to {@code url} (without its query) for {@code shard}, carrying {@code
   * session} (to Resume) or none (to Identify).
   */
  public static ConnectionState start(ShardInfo shard, Session session, String url) {
    if (session == null) {
      return new ConnectionState(Phase.AWAITING_HELLO, shard, null, url, -1, false, false, null);
    }
    return new ConnectionState(
        Phase.AWAITING_HELLO,
        shard,
        session.sessionId(),
        session.resumeGatewayUrl(),
        session.sequence(),
        false,
        false,
        null);
  }

  /** The resumable session, if there is one. */
  public Optional<Session> session() {
    if (sessionId == null) {
      return Optional.empty();
    }
    return Optional.of(new Session(sessionId, resumeGatewayUrl, Math.max(sequence, 0), shard));
  }

  /** Whether the connection has ended. */
  public boolean isEnded() {
    return phase == Phase.ENDED;
  }

  ConnectionState withPhase(Phase newPhase) {
    return new ConnectionState(
        newPhase,
        shard,
        sessionId,
        resumeGatewayUrl,
        sequence,
        awaitingAck,
        handshakeSent,
        endReason);
  }

  ConnectionState withSequence(long newSequence) {
    return new ConnectionState(
        phase,
        shard,
        sessionId,
        resumeGatewayUrl,
        newSequence,
        awaitingAck,
        handshakeSent,
        endReason);
  }

  ConnectionState withAwaitingAck(boolean awaiting) {
    return new ConnectionState(
        phase, shard, sessionId, resumeGatewayUrl, sequence, awaiting, handshakeSent, endReason);
  }

  ConnectionState withSession(String id, String url, long newSequence) {
    return new ConnectionState(
        phase, shard, id, url, newSequence, awaitingAck, handshakeSent, endReason);
  }

  ConnectionState handshake(Phase newPhase) {
    return new ConnectionState(
        newPhase, shard, sessionId, resumeGatewayUrl, sequence, awaitingAck, true, endReason);
  }

  ConnectionState ended(DisconnectReason reason) {
    ConnectionState base = reason.keepsSession() ? this : withSession(null, null, -1);
    return new ConnectionState(
        Phase.ENDED,
        shard,
        base.sessionId,
        base.resumeGatewayUrl,
        base.sequence,
        awaitingAck,
        handshakeSent,
        reason);
  }
}
