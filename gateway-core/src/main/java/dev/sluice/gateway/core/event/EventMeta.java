package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.ShardInfo;
import java.time.Instant;

/**
 * Where an event came from: its name, its shard, its sequence number and when Sluice received it.
 *
 * @param type the event name ({@code t}), e.g. {@code MESSAGE_CREATE}
 * @param shard the shard that received it
 * @param sequence the dispatch sequence number ({@code s}); -1 when the server sent none
 * @param receivedAt when the frame carrying it was received
 */
public record EventMeta(String type, ShardInfo shard, long sequence, Instant receivedAt) {

  /** The key under which the decoder injects the meta into typed event records. */
  static final String INJECT_KEY = "dev.sluice.gateway.core.event.EventMeta";
}
