package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.util.Objects;

/** Something that happened to a connection, fed to {@link SessionMachine#next}. */
public sealed interface Input {

  /** The WebSocket handshake completed. */
  record Opened() implements Input {}

  /** A payload was received and decoded. */
  record Received(GatewayPayload payload) implements Input {
    public Received {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** The heartbeat timer fired (first at interval × jitter, then every interval). */
  record HeartbeatTick() implements Input {}

  /**
   * The connection closed under us.
   *
   * @param code the close code, or -1 when the connection dropped without a close frame
   */
  record Closed(int code, String reason) implements Input {}

  /** A timer for an expected payload expired. */
  record TimedOut(Timeout timeout) implements Input {}

  /** The user asked to close: with 1000 (session ends) or resumably (session kept). */
  record CloseRequested(boolean resumable) implements Input {}

  /** An inbound message could not be handled (malformed, corrupt, oversized). */
  record Failed(GatewayException error) implements Input {}

  /** Which timer expired. */
  enum Timeout {
    /** Hello did not arrive after the connection opened. */
    HELLO,
    /** READY (or RESUMED) did not arrive after Identify (or Resume). */
    READY
  }

  /** {@link Opened}. */
  static Input opened() {
    return new Opened();
  }

  /** {@link HeartbeatTick}. */
  static Input tick() {
    return new HeartbeatTick();
  }

  /** {@link Received}. */
  static Input received(GatewayPayload payload) {
    return new Received(payload);
  }
}
