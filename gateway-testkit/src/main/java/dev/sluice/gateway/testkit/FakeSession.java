package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.ShardInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A session on the fake server: its id, shard, sequence counter and the log of every dispatch sent
 * on it, which a Resume replays. Guarded by the {@link GatewayProtocol}'s lock.
 */
final class FakeSession {

  /** A dispatch as logged for replay. */
  record Logged(long sequence, String type, String data) {}

  final String id;
  final ShardInfo shard;
  final long intents;
  private final List<Logged> log = new ArrayList<>();
  private long sequence;
  private boolean valid = true;
  FakeConnection connection;

  FakeSession(String id, ShardInfo shard, long intents) {
    this.id = id;
    this.shard = shard;
    this.intents = intents;
  }

  /** Numbers and logs the next dispatch. */
  Logged next(String type, String data) {
    Logged logged = new Logged(++sequence, type, data);
    log.add(logged);
    return logged;
  }

  /** Numbers a dispatch without logging it (RESUMED itself is not replayed). */
  long nextUnlogged() {
    return ++sequence;
  }

  long sequence() {
    return sequence;
  }

  /** Every logged dispatch after {@code seq}, in order. */
  List<Logged> after(long seq) {
    return log.stream().filter(l -> l.sequence() > seq).toList();
  }

  boolean isValid() {
    return valid;
  }

  void invalidate() {
    valid = false;
  }
}
