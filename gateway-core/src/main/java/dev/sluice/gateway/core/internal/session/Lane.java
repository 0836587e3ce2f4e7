package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.protocol.Opcode;

/**
 * The three concerns of one connection, and which inputs belong to each. The reactive shell splits
 * its serialized input stream by this, and {@link SessionMachine#next} routes the same way.
 */
public enum Lane {
  /** Op 1 (a beat requested by the server), op 11 (ACK) and timer ticks: beats and zombies. */
  HEARTBEAT,
  /** Op 0: sequence tracking, delivery, READY and RESUMED. */
  DISPATCH,
  /** Hello, op 7, op 9, unknown opcodes, closes, timeouts, close requests, rejected messages. */
  CONTROL;

  /** The lane of {@code input}. */
  public static Lane of(Input input) {
    if (input instanceof Input.Received received) {
      Opcode op = received.payload().opcode();
      if (op == Opcode.DISPATCH) {
        return DISPATCH;
      }
      return op == Opcode.HEARTBEAT || op == Opcode.HEARTBEAT_ACK ? HEARTBEAT : CONTROL;
    }
    return input instanceof Input.HeartbeatTick ? HEARTBEAT : CONTROL;
  }
}
