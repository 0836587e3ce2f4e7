package dev.sluice.gateway.core.internal.codec;

import dev.sluice.gateway.core.protocol.Opcode;
import java.util.Objects;

/**
 * One decoded gateway message: the envelope ({@code op}, {@code s}, {@code t}) with {@code d} kept
 * raw. Decoded by {@link GatewayCodec#decode(byte[])}, which reads only the envelope; the few body
 * fields the session needs are read on demand by the accessors below.
 *
 * @param op the raw opcode
 * @param sequence {@code s}, or -1 when absent or null
 * @param type {@code t}, or null when absent
 * @param data {@code d}, as received ({@link RawJson#NULL} when absent)
 */
public record GatewayPayload(int op, long sequence, String type, RawJson data) {

  /** Sequence value meaning "no {@code s}". */
  public static final long NO_SEQUENCE = -1;

  public GatewayPayload {
    Objects.requireNonNull(data, "data");
  }

  /** The opcode, {@link Opcode#UNKNOWN} for values Sluice does not know. */
  public Opcode opcode() {
    return Opcode.of(op);
  }

  /** Whether {@code s} was present and non-null. */
  public boolean hasSequence() {
    return sequence != NO_SEQUENCE;
  }

  /** Whether this is a dispatch (op 0). */
  public boolean isDispatch() {
    return op == Opcode.DISPATCH.code();
  }

  /**
   * Hello's {@code heartbeat_interval} in milliseconds.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind DECODE when it is missing or not
   *     positive
   */
  public long heartbeatInterval() {
    return BodyFields.heartbeatInterval(data);
  }

  /**
   * Invalid Session's {@code d}: whether the session may be resumed. Anything but {@code true} is
   * no.
   */
  public boolean resumable() {
    return BodyFields.isTrue(data);
  }

  /**
   * READY's session id and resume URL.
   *
   * @throws dev.sluice.gateway.core.GatewayException of kind DECODE when the session id is missing
   */
  public ReadyInfo readyInfo() {
    return BodyFields.readyInfo(data);
  }

  /**
   * The parts of READY the session state machine needs.
   *
   * @param resumeGatewayUrl null when READY had none
   */
  public record ReadyInfo(String sessionId, String resumeGatewayUrl) {}

  @Override
  public String toString() {
    return "GatewayPayload[op="
        + op
        + (hasSequence() ? ", s=" + sequence : "")
        + (type != null ? ", t=" + type : "")
        + ", d="
        + data.length()
        + " bytes]";
  }
}
