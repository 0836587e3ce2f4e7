package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.util.List;
import java.util.Optional;

/**
 * The dispatch lane's rules: the sequence only moves forward (a replayed dispatch already seen is
 * not delivered again), READY starts the session, and READY or RESUMED in answer to the handshake
 * makes the connection ready, announced once. Called through {@link SessionMachine#dispatch}.
 */
final class DispatchRules {

  private DispatchRules() {}

  static Transition next(ConnectionState state, GatewayPayload payload) {
    ConnectionState next = state;
    if (payload.hasSequence()) {
      if (payload.sequence() <= state.sequence()) {
        // Already delivered (a replay overlapping what we saw): the sequence never moves back (3).
        return SessionMachine.stay(state);
      }
      next = next.withSequence(payload.sequence());
    }
    String type = payload.type();
    boolean started = "READY".equals(type);
    if (started) {
      GatewayPayload.ReadyInfo ready = payload.readyInfo();
      // READY without resume_gateway_url: resume where this connection was opened.
      String resumeUrl =
          ready.resumeGatewayUrl() != null ? ready.resumeGatewayUrl() : state.resumeGatewayUrl();
      if (resumeUrl == null) {
        throw GatewayException.of(
            GatewayException.Kind.DECODE, "ready without resume_gateway_url, none to fall back on");
      }
      // 6.1: READY may carry s = 0; the session starts at whatever it carries.
      next = next.withSession(ready.sessionId(), resumeUrl, Math.max(next.sequence(), 0));
    }
    Action.Dispatch dispatch = new Action.Dispatch(payload);
    // Ready answers our handshake: only while it is awaited, so a READY a hostile server sends
    // before Hello (after which our own handshake is still due) cannot announce readiness twice.
    boolean awaited = next.phase() == Phase.IDENTIFYING || next.phase() == Phase.RESUMING;
    if ((started || "RESUMED".equals(type)) && awaited) {
      Optional<Session> live = next.session();
      if (live.isPresent()) { // RESUMED without a session to resume is delivered, nothing more
        return new Transition(
            next.withPhase(Phase.CONNECTED),
            List.of(dispatch, new Action.Ready(live.get(), !started)));
      }
    }
    return new Transition(next, List.of(dispatch));
  }
}
