package dev.sluice.gateway.reactor;

import java.util.ArrayList;
import java.util.List;

/**
 * One session of the {@link SimDiscord}: its id, its shard and every dispatch it was sent, in
 * sequence order (sequence {@code n} is {@code frames.get(n - 1)}), kept for replay. Confined to
 * the virtual-time thread.
 */
final class SimSession {

  final String id;
  final int shard;
  final List<String> frames = new ArrayList<>();
  boolean valid = true;
  SimConnection attached;

  SimSession(String id, int shard) {
    this.id = id;
    this.shard = shard;
  }

  /** The last sequence dispatched on this session (0 before READY). */
  long last() {
    return frames.size();
  }

  /** Appends a dispatch of {@code type} whose body carries the session id first; its frame. */
  String append(String type, String bodyFields) {
    long s = frames.size() + 1;
    String d = "{\"sim\":\"" + id + "\"" + (bodyFields.isEmpty() ? "" : "," + bodyFields) + "}";
    String frame = "{\"t\":\"" + type + "\",\"s\":" + s + ",\"op\":0,\"d\":" + d + "}";
    frames.add(frame);
    return frame;
  }

  /** The session id a delivered body names (written first by {@link #append}). */
  static String idOf(String body) {
    int start = body.indexOf("\"sim\":\"");
    if (start < 0) {
      return null;
    }
    start += 7;
    return body.substring(start, body.indexOf('"', start));
  }
}
