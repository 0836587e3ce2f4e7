package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;

/**
 * The header field {@code h} of an event entry: everything about the event but its body, in one
 * string, so that the publish script appends two fields per event instead of seven (Redis' Lua
 * converts every argument of every {@code XADD}, and a worker's read returns every field).
 *
 * <pre>{@code <shard> <shard count> <fence> <sequence> <session id> <type>}</pre>
 *
 * Fields are separated by one space. The numbers are decimal; the session id has {@code %} and
 * space written as {@code %25} and {@code %20} (Discord's session ids have neither, so this
 * normally costs nothing); the type is the rest of the string, whatever it holds. The node builds
 * it ({@link EventSink}, one {@link #prefix} per batch), the worker parses it ({@link #parse}) with
 * {@code indexOf} and no intermediate strings but the session id and type. Stateless.
 */
final class EntryHeader {

  private EntryHeader() {}

  /**
   * What every header of a batch starts with: shard, shard count and fence, each followed by space.
   */
  static String prefix(int shard, int count, long fence) {
    return shard + " " + count + " " + fence + " ";
  }

  /**
   * The header of one event; {@code escapedSid} from {@link #escape}. A dispatch without a type
   * (null) gets the empty one.
   */
  static String of(String prefix, long sequence, String escapedSid, String type) {
    String t = type == null ? "" : type;
    return new StringBuilder(prefix.length() + escapedSid.length() + t.length() + 22)
        .append(prefix)
        .append(sequence)
        .append(' ')
        .append(escapedSid)
        .append(' ')
        .append(t)
        .toString();
  }

  /** {@code sid} with {@code %} and space percent-encoded (itself when it has neither). */
  static String escape(String sid) {
    if (sid.indexOf(' ') < 0 && sid.indexOf('%') < 0) {
      return sid;
    }
    return sid.replace("%", "%25").replace(" ", "%20");
  }

  /** The inverse of {@link #escape}. */
  private static String unescape(String sid) {
    if (sid.indexOf('%') < 0) {
      return sid;
    }
    String decoded = sid.replace("%20", " ").replace("%25", "%");
    if (!escape(decoded).equals(sid)) {
      throw new IllegalArgumentException("bad escape in session id");
    }
    return decoded;
  }

  /**
   * The entry {@code id} delivered {@code deliveries} times, from its header and body.
   *
   * @throws RedisCoordinationException {@code BAD_REPLY} if either is missing or the header is
   *     malformed
   */
  static StreamEntry parse(String id, long deliveries, String header, String data) {
    if (header == null || data == null) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream entry " + id + " has no " + (header == null ? "h" : "d"));
    }
    int a = header.indexOf(' ');
    int b = a < 0 ? -1 : header.indexOf(' ', a + 1);
    int c = b < 0 ? -1 : header.indexOf(' ', b + 1);
    int d = c < 0 ? -1 : header.indexOf(' ', c + 1);
    int e = d < 0 ? -1 : header.indexOf(' ', d + 1);
    if (e < 0) {
      throw malformed(id, header, null);
    }
    try {
      ShardInfo shard =
          new ShardInfo(Integer.parseInt(header, 0, a, 10), Integer.parseInt(header, a + 1, b, 10));
      Long.parseLong(header, b + 1, c, 10); // the fence: checked, not needed by the worker
      long sequence = Long.parseLong(header, c + 1, d, 10);
      String sid = unescape(header.substring(d + 1, e));
      return new StreamEntry(id, deliveries, shard, sid, sequence, header.substring(e + 1), data);
    } catch (IllegalArgumentException x) {
      throw malformed(id, header, x);
    }
  }

  private static RedisCoordinationException malformed(String id, String header, Throwable cause) {
    String shown = header.length() > 80 ? header.substring(0, 80) + "..." : header;
    return RedisCoordinationException.of(
        Kind.BAD_REPLY, "malformed stream entry " + id + ": header '" + shown + "'", cause);
  }
}
