package dev.sluice.gateway.core.session;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.core.session.Action.Close;
import dev.sluice.gateway.core.session.Action.Dispatch;
import dev.sluice.gateway.core.session.Action.End;
import dev.sluice.gateway.core.session.Action.HeartbeatAcked;
import dev.sluice.gateway.core.session.Action.SendHeartbeat;
import dev.sluice.gateway.core.session.Action.SendIdentify;
import dev.sluice.gateway.core.session.Action.SendResume;
import dev.sluice.gateway.core.session.Action.StartHeartbeat;
import dev.sluice.gateway.core.session.DisconnectReason.Cause;
import java.time.Duration;
import java.util.List;

/**
 * The gateway session rules as one pure function: {@code (state, input) -> (state', actions)}. No
 * I/O, no clock, no randomness, no threads: the reactive layer feeds it the inputs of one
 * connection, in order, on one logical thread, and performs the actions it returns. Section numbers
 * refer to the protocol reference (docs/protocol.md).
 */
public final class SessionMachine {

  private SessionMachine() {}

  /** The next state and actions for one input. Once the state is ENDED, inputs change nothing. */
  public static Transition next(ConnectionState state, Input input) {
    if (state.isEnded()) {
      return stay(state);
    }
    try {
      if (input instanceof Input.Received received) {
        return onPayload(state, received.payload());
      } else if (input instanceof Input.HeartbeatTick) {
        return onTick(state);
      } else if (input instanceof Input.Closed closed) {
        return onClosed(state, closed.code(), closed.reason());
      } else if (input instanceof Input.TimedOut timedOut) {
        return onTimeout(state, timedOut.timeout());
      } else if (input instanceof Input.CloseRequested request) {
        return onCloseRequested(state, request.resumable());
      } else if (input instanceof Input.Failed) {
        return endAndClose(state, new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1));
      }
      return stay(state); // Opened: nothing to do until Hello.
    } catch (GatewayException e) {
      // A payload whose required fields are malformed (Hello without an interval, READY without a
      // session id): this connection cannot go on, but the session may.
      return endAndClose(state, new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1));
    }
  }

  private static Transition onPayload(ConnectionState state, GatewayPayload payload) {
    Opcode op = payload.opcode();
    if (op == Opcode.DISPATCH) {
      return onDispatch(state, payload);
    } else if (op == Opcode.HELLO) {
      return onHello(state, payload);
    } else if (op == Opcode.HEARTBEAT) {
      // 5.1: a server request is answered at once; it is not a timer beat, so no zombie
      // bookkeeping.
      return new Transition(state, List.of(new SendHeartbeat(state.sequence(), true)));
    } else if (op == Opcode.HEARTBEAT_ACK) {
      return new Transition(state.withAwaitingAck(false), List.of(new HeartbeatAcked()));
    } else if (op == Opcode.RECONNECT) {
      // 7.4: may come at any time, even before Hello; close it ourselves (non-1000) and resume.
      return endAndClose(state, new DisconnectReason.Resumable(Cause.RECONNECT_REQUESTED, -1));
    } else if (op == Opcode.INVALID_SESSION) {
      // 7.5: d says whether the session may be resumed; false drops the session.
      return endAndClose(state, new DisconnectReason.InvalidSession(payload.resumable()));
    }
    return stay(state); // Unknown or client-only opcodes are ignored (4).
  }

  private static Transition onHello(ConnectionState state, GatewayPayload payload) {
    Duration interval = Duration.ofMillis(payload.heartbeatInterval());
    if (state.handshakeSent()) {
      // A second Hello restarts the heartbeat but never sends a second Identify (6: 4005).
      return new Transition(state, List.of(new StartHeartbeat(interval)));
    }
    var resumable = state.session();
    if (resumable.isPresent()) {
      // 7.3: a session with id and sequence resumes.
      return new Transition(
          state.handshake(Phase.RESUMING),
          List.of(new StartHeartbeat(interval), new SendResume(resumable.get())));
    }
    // 5.1: the sequence resets with a new session.
    ConnectionState identifying = state.withSession(null, null, -1).handshake(Phase.IDENTIFYING);
    return new Transition(identifying, List.of(new StartHeartbeat(interval), new SendIdentify()));
  }

  private static Transition onDispatch(ConnectionState state, GatewayPayload payload) {
    ConnectionState next = state;
    if (payload.hasSequence()) {
      if (payload.sequence() <= state.sequence()) {
        // Already delivered (a replay overlapping what we saw): delivering it again would duplicate
        // it; the sequence never moves backwards (3).
        return stay(state);
      }
      next = next.withSequence(payload.sequence());
    }
    if ("READY".equals(payload.type())) {
      GatewayPayload.ReadyInfo ready = payload.readyInfo();
      // 6.1: READY may carry s = 0; the session starts at whatever it carries.
      next =
          next.withSession(
                  ready.sessionId(), ready.resumeGatewayUrl(), Math.max(next.sequence(), 0))
              .withPhase(Phase.CONNECTED);
    } else if ("RESUMED".equals(payload.type())) {
      next = next.withPhase(Phase.CONNECTED);
    }
    return new Transition(next, List.of(new Dispatch(payload)));
  }

  private static Transition onTick(ConnectionState state) {
    if (state.phase() == Phase.AWAITING_HELLO) {
      return stay(state);
    }
    if (state.awaitingAck()) {
      // 5.1: no ACK between two beats is a zombie connection: close non-1000 and resume.
      return endAndClose(state, new DisconnectReason.Resumable(Cause.ZOMBIE, -1));
    }
    return new Transition(
        state.withAwaitingAck(true), List.of(new SendHeartbeat(state.sequence(), false)));
  }

  private static Transition onClosed(ConnectionState state, int code, String reason) {
    if (code < 0) {
      return end(state, new DisconnectReason.Resumable(Cause.CONNECTION_LOST, -1));
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
    return end(state, why);
  }

  private static Transition onTimeout(ConnectionState state, Input.Timeout timeout) {
    boolean live =
        switch (timeout) {
          case HELLO -> state.phase() == Phase.AWAITING_HELLO;
          case READY -> state.phase() == Phase.IDENTIFYING || state.phase() == Phase.RESUMING;
        };
    if (!live) {
      return stay(state); // A timer that lost the race with the payload it waited for.
    }
    Cause cause = timeout == Input.Timeout.HELLO ? Cause.HELLO_TIMEOUT : Cause.READY_TIMEOUT;
    return endAndClose(state, new DisconnectReason.Resumable(cause, -1));
  }

  private static Transition onCloseRequested(ConnectionState state, boolean resumable) {
    // 7.1: 1000 invalidates the session; any other code keeps it resumable.
    DisconnectReason why = new DisconnectReason.Shutdown(resumable);
    int code = resumable ? GatewayCloseCode.RESUMABLE_CLOSURE : GatewayCloseCode.NORMAL_CLOSURE;
    return new Transition(state.ended(why), List.of(new Close(code), new End(why)));
  }

  private static Transition endAndClose(ConnectionState state, DisconnectReason why) {
    return new Transition(
        state.ended(why), List.of(new Close(GatewayCloseCode.RESUMABLE_CLOSURE), new End(why)));
  }

  private static Transition end(ConnectionState state, DisconnectReason why) {
    return new Transition(state.ended(why), List.of(new End(why)));
  }

  private static Transition stay(ConnectionState state) {
    return new Transition(state, List.of());
  }
}
