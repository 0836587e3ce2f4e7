package dev.sluice.gateway.core.protocol;

/**
 * WebSocket close codes as the Discord Gateway uses them, each with what it means for the session.
 * Codes Discord does not document (including 1000, 1001 and 1006 sent by the server) map to {@link
 * #UNKNOWN}, which reconnects and tries to resume.
 *
 * <table>
 *   <caption>What Sluice does on each class</caption>
 *   <tr><th>class</th><th>codes</th><th>action</th></tr>
 *   <tr><td>resume</td><td>4000, 4001, 4002, 4005, 4008, unknown</td><td>reconnect and Resume</td></tr>
 *   <tr><td>new session</td><td>4003, 4007, 4009</td><td>reconnect and Identify</td></tr>
 *   <tr><td>fatal</td><td>4004, 4010–4014</td><td>stop; surface a typed error</td></tr>
 * </table>
 */
public enum GatewayCloseCode {
  UNKNOWN_ERROR(4000, "unknown error", Action.RESUME),
  UNKNOWN_OPCODE(4001, "unknown opcode", Action.RESUME),
  DECODE_ERROR(4002, "decode error", Action.RESUME),
  /**
   * Sent for a payload before Identify, or when the session was invalidated; the reference reads it
   * as "start a new session" (GATEWAY.md 7.7).
   */
  NOT_AUTHENTICATED(4003, "not authenticated", Action.NEW_SESSION),
  AUTHENTICATION_FAILED(4004, "authentication failed", Action.FATAL),
  ALREADY_AUTHENTICATED(4005, "already authenticated", Action.RESUME),
  INVALID_SEQ(4007, "invalid seq", Action.NEW_SESSION),
  RATE_LIMITED(4008, "rate limited", Action.RESUME),
  SESSION_TIMED_OUT(4009, "session timed out", Action.NEW_SESSION),
  INVALID_SHARD(4010, "invalid shard", Action.FATAL),
  SHARDING_REQUIRED(4011, "sharding required", Action.FATAL),
  INVALID_API_VERSION(4012, "invalid api version", Action.FATAL),
  INVALID_INTENTS(4013, "invalid intent(s)", Action.FATAL),
  DISALLOWED_INTENTS(4014, "disallowed intent(s)", Action.FATAL),
  /** Any other code, or none (a dropped connection): reconnect and try to resume. */
  UNKNOWN(-1, "unknown", Action.RESUME);

  /** Close code Sluice sends to end the session for good (the bot goes offline). */
  public static final int NORMAL_CLOSURE = 1000;

  /** Close code Sluice sends when it will resume (zombie, op 7, op 9, user's resumable close). */
  public static final int RESUMABLE_CLOSURE = 4900;

  private enum Action {
    RESUME,
    NEW_SESSION,
    FATAL
  }

  private final int code;
  private final String description;
  private final Action action;

  GatewayCloseCode(int code, String description, Action action) {
    this.code = code;
    this.description = description;
    this.action = action;
  }

  /** The close code for a raw value, {@link #UNKNOWN} when Discord does not document it. */
  public static GatewayCloseCode of(int code) {
    for (GatewayCloseCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return UNKNOWN;
  }

  /** The wire value; -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** A short description, e.g. "disallowed intent(s)". */
  public String description() {
    return description;
  }

  /** Whether a client may reconnect after this code. */
  public boolean canReconnect() {
    return action != Action.FATAL;
  }

  /** Whether the session survives: reconnect and Resume (otherwise Identify, or stop if fatal). */
  public boolean canResume() {
    return action == Action.RESUME;
  }

  /** Whether the code is fatal: a configuration error no reconnect can fix. */
  public boolean isFatal() {
    return action == Action.FATAL;
  }

  /**
   * Whether a close code a client sends keeps its session alive: anything but 1000 and 1001, which
   * invalidate the session (GATEWAY.md 7.1).
   */
  public static boolean keepsSession(int ownCloseCode) {
    return ownCloseCode != 1000 && ownCloseCode != 1001;
  }
}
