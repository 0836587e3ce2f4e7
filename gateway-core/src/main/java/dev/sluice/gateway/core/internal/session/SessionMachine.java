package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.DisconnectReason.Cause;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.util.List;

/**
 * The rules of one gateway connection as pure functions: {@code (state, input) -> (state',
 * actions)}. No I/O, no clock, no randomness, no threads. The rules are kept per {@link Lane}, as
 * the reactive shell splits its inputs: {@link #heartbeat} ({@link HeartbeatRules}), {@link
 * #dispatch} ({@link DispatchRules}) and {@link #control} ({@link ControlRules}); {@link #next}
 * routes one input to its lane. The shell feeds the inputs of one connection in order, one at a
 * time, and performs the actions returned. Section numbers refer to the protocol reference
 * (docs/protocol.md).
 */
public final class SessionMachine {

  private SessionMachine() {}

  /** The next state and actions for one input of any lane. Once ENDED, inputs change nothing. */
  public static Transition next(ConnectionState state, Input input) {
    return switch (Lane.of(input)) {
      case HEARTBEAT -> heartbeat(state, input);
      case DISPATCH -> dispatch(state, ((Input.Received) input).payload());
      case CONTROL -> control(state, input);
    };
  }

  /** An input of the heartbeat lane: a timer tick, op 1 or op 11. */
  public static Transition heartbeat(ConnectionState state, Input input) {
    return state.isEnded() ? stay(state) : HeartbeatRules.next(state, input);
  }

  /** A dispatch (op 0). */
  public static Transition dispatch(ConnectionState state, GatewayPayload payload) {
    if (state.isEnded()) {
      return stay(state);
    }
    try {
      return DispatchRules.next(state, payload);
    } catch (GatewayException e) {
      return protocolError(state); // READY without a session id: this connection cannot go on
    }
  }

  /** An input of the control lane: Hello, op 7, op 9, a close, a timeout, a close request, ... */
  public static Transition control(ConnectionState state, Input input) {
    if (state.isEnded()) {
      return stay(state);
    }
    try {
      return ControlRules.next(state, input);
    } catch (GatewayException e) {
      return protocolError(state); // Hello without an interval: this connection cannot go on
    }
  }

  /** The connection cannot go on (a malformed required field), but the session may. */
  static Transition protocolError(ConnectionState state) {
    return endAndClose(state, new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1));
  }

  /** Ends the connection, closing it with a resumable code ourselves. */
  static Transition endAndClose(ConnectionState state, DisconnectReason why) {
    return new Transition(
        state.ended(why),
        List.of(new Action.Close(GatewayCloseCode.RESUMABLE_CLOSURE), new Action.End(why)));
  }

  /** Ends the connection that is already closed. */
  static Transition end(ConnectionState state, DisconnectReason why) {
    return new Transition(state.ended(why), List.of(new Action.End(why)));
  }

  /** Nothing changes. */
  static Transition stay(ConnectionState state) {
    return new Transition(state, List.of());
  }
}
