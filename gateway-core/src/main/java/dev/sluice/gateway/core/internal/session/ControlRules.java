package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.DisconnectReason.Cause;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The control lane's rules: Hello starts the heartbeat and the handshake (Identify or Resume), and
 * everything that ends a connection decides its {@link DisconnectReason}: op 7, op 9, the server's
 * close code, a timeout, the user's close, a rejected message. Called through {@link
 * SessionMachine#control}.
 */
final class ControlRules {

  private ControlRules() {}

  static Transition next(ConnectionState state, Input input) {
    if (input instanceof Input.Received received) {
      return onPayload(state, received.payload());
    } else if (input instanceof Input.Closed closed) {
      return onClosed(state, closed.code(), closed.reason());
    } else if (input instanceof Input.TimedOut timedOut) {
      return onTimeout(state, timedOut.timeout());
    } else if (input instanceof Input.CloseRequested request) {
      return onCloseRequested(state, request.resumable());
    } else if (input instanceof Input.Failed) {
      return SessionMachine.protocolError(state);
    }
    return SessionMachine.stay(state); // Opened: nothing to do until Hello.
  }

  private static Transition onPayload(ConnectionState state, GatewayPayload payload) {
    Opcode op = payload.opcode();
    if (op == Opcode.HELLO) {
      return onHello(state, payload);
    } else if (op == Opcode.RECONNECT) {
      // 7.4: may come at any time, even before Hello; close it ourselves (non-1000) and resume.
      return SessionMachine.endAndClose(
          state, new DisconnectReason.Resumable(Cause.RECONNECT_REQUESTED, -1));
    } else if (op == Opcode.INVALID_SESSION) {
      // 7.5: d says whether the session may be resumed; false drops the session.
      return SessionMachine.endAndClose(
          state, new DisconnectReason.InvalidSession(payload.resumable()));
    }
    return SessionMachine.stay(state); // Unknown or client-only opcodes are ignored (4).
  }

  private static Transition onHello(ConnectionState state, GatewayPayload payload) {
    Duration interval = Duration.ofMillis(payload.heartbeatInterval());
    if (state.handshakeSent()) {
      // A second Hello restarts the heartbeat but never sends a second Identify (6: 4005).
      return new Transition(state, List.of(new Action.StartHeartbeat(interval)));
    }
    Optional<Session> resumable = state.session();
    if (resumable.isPresent()) {
      // 7.3: a session with id and sequence resumes.
      return new Transition(
          state.handshake(Phase.RESUMING),
          List.of(new Action.StartHeartbeat(interval), new Action.SendResume(resumable.get())));
    }
    // 5.1: the sequence resets with a new session.
    ConnectionState identifying =
        state.withSession(null, state.resumeGatewayUrl(), -1).handshake(Phase.IDENTIFYING);
    return new Transition(
        identifying, List.of(new Action.StartHeartbeat(interval), new Action.SendIdentify()));
  }

  private static Transition onClosed(ConnectionState state, int code, String reason) {
    if (code < 0) {
      return SessionMachine.end(state, new DisconnectReason.Resumable(Cause.CONNECTION_LOST, -1));
    }
    GatewayCloseCode closeCode = GatewayCloseCode.of(code);
    DisconnectReason why;
    if (closeCode.isFatal()) {
      why = new DisconnectReason.Fatal(closeCode, code, reason == null ? "" : reason);
    } else if (closeCode.canResume()) {
      why = new DisconnectReason.Resumable(Cause.SERVER_CLOSED, code);
    } else {
      why = new DisconnectReason.Reidentify(Cause.SERVER_CLOSED, code);
    }
    return SessionMachine.end(state, why);
  }

  private static Transition onTimeout(ConnectionState state, Input.Timeout timeout) {
    boolean live =
        switch (timeout) {
          case HELLO -> state.phase() == Phase.AWAITING_HELLO;
          case READY -> state.phase() == Phase.IDENTIFYING || state.phase() == Phase.RESUMING;
        };
    if (!live) {
      return SessionMachine.stay(state); // A timer that lost the race with its payload.
    }
    Cause cause = timeout == Input.Timeout.HELLO ? Cause.HELLO_TIMEOUT : Cause.READY_TIMEOUT;
    return SessionMachine.endAndClose(state, new DisconnectReason.Resumable(cause, -1));
  }

  private static Transition onCloseRequested(ConnectionState state, boolean resumable) {
    // 7.1: 1000 invalidates the session; any other code keeps it resumable.
    DisconnectReason why = new DisconnectReason.Shutdown(resumable);
    int code = resumable ? GatewayCloseCode.RESUMABLE_CLOSURE : GatewayCloseCode.NORMAL_CLOSURE;
    return new Transition(state.ended(why), List.of(new Action.Close(code), new Action.End(why)));
  }
}
