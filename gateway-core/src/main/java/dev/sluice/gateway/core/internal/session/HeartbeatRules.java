package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.DisconnectReason.Cause;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.List;

/**
 * The heartbeat lane's rules (5.1): timer beats carry the latest sequence, a server's op 1 is
 * answered at once, op 11 clears the wait, and a beat due while the last one is un-ACKed is a
 * zombie connection. Called through {@link SessionMachine#heartbeat}.
 */
final class HeartbeatRules {

  private HeartbeatRules() {}

  static Transition next(ConnectionState state, Input input) {
    if (input instanceof Input.HeartbeatTick) {
      return onTick(state);
    }
    Opcode op = ((Input.Received) input).payload().opcode();
    if (op == Opcode.HEARTBEAT) {
      // A server request is answered at once; it is not a timer beat, so no zombie bookkeeping.
      return new Transition(state, List.of(new Action.SendHeartbeat(state.sequence(), true)));
    }
    return new Transition(state.withAwaitingAck(false), List.of(new Action.HeartbeatAcked()));
  }

  private static Transition onTick(ConnectionState state) {
    if (state.phase() == Phase.AWAITING_HELLO) {
      return SessionMachine.stay(state);
    }
    if (state.awaitingAck()) {
      // No ACK between two beats is a zombie connection: close non-1000 and resume.
      return SessionMachine.endAndClose(state, new DisconnectReason.Resumable(Cause.ZOMBIE, -1));
    }
    return new Transition(
        state.withAwaitingAck(true), List.of(new Action.SendHeartbeat(state.sequence(), false)));
  }
}
