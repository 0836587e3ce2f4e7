package dev.sluice.gateway.redis;

import java.util.Objects;

/**
 * What identifies one dispatch across the cluster, for deduplication: the shard, the session id and
 * the sequence. The sequence restarts at 1 with every session, so (shard, sequence) alone is not
 * unique. A handler reads the key of the event it handles with {@link EventSource#key}.
 *
 * @param shard the shard id
 * @param sessionId the gateway session the event arrived in
 * @param sequence the event's sequence in that session
 */
public record EventKey(int shard, String sessionId, long sequence) {

  /**
   * @throws IllegalArgumentException if the shard or sequence is negative
   */
  public EventKey {
    Objects.requireNonNull(sessionId, "sessionId");
    if (shard < 0 || sequence < 0) {
      throw new IllegalArgumentException("shard and sequence must be >= 0");
    }
  }

  @Override
  public String toString() {
    return shard + "/" + sessionId + "/" + sequence;
  }
}
