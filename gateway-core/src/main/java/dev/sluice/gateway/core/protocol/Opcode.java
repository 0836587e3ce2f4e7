package dev.sluice.gateway.core.protocol;

/**
 * Gateway opcodes. Unknown inbound opcodes map to {@link #UNKNOWN}; the envelope keeps the raw
 * value.
 */
public enum Opcode {
  /** S→C: an event ({@code t}) with a sequence number ({@code s}). */
  DISPATCH(0),
  /** C→S keep-alive; S→C request for an immediate heartbeat. */
  HEARTBEAT(1),
  /** C→S: start a new session. */
  IDENTIFY(2),
  /** C→S: update the bot's presence. */
  PRESENCE_UPDATE(3),
  /** C→S: join, move or leave a voice channel. */
  VOICE_STATE_UPDATE(4),
  /** C→S: continue an existing session. */
  RESUME(6),
  /** S→C: reconnect and resume. */
  RECONNECT(7),
  /** C→S: request guild members (answered by GUILD_MEMBERS_CHUNK). */
  REQUEST_GUILD_MEMBERS(8),
  /** S→C: the session is invalid; {@code d} says whether it may be resumed. */
  INVALID_SESSION(9),
  /** S→C: first payload of every connection, with the heartbeat interval. */
  HELLO(10),
  /** S→C: answer to a heartbeat. */
  HEARTBEAT_ACK(11),
  /** C→S: request soundboard sounds (answered by SOUNDBOARD_SOUNDS). */
  REQUEST_SOUNDBOARD_SOUNDS(31),
  /** C→S: request ephemeral channel info (answered by CHANNEL_INFO). */
  REQUEST_CHANNEL_INFO(43),
  /** Any opcode this version of Sluice does not know. */
  UNKNOWN(-1);

  private static final Opcode[] BY_CODE = new Opcode[44];

  static {
    for (Opcode op : values()) {
      if (op.code >= 0) {
        BY_CODE[op.code] = op;
      }
    }
  }

  private final int code;

  Opcode(int code) {
    this.code = code;
  }

  /** The wire value; -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** The opcode for a wire value, {@link #UNKNOWN} when there is none. */
  public static Opcode of(int code) {
    Opcode op = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    return op == null ? UNKNOWN : op;
  }
}
