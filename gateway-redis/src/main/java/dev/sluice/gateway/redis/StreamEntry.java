package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.RawJson;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One event entry read from a partition stream, with how often it was delivered. Immutable. */
record StreamEntry(
    String id,
    long deliveries,
    ShardInfo shard,
    String sessionId,
    long sequence,
    String type,
    String data) {

  EventKey key() {
    return new EventKey(shard.id(), sessionId, sequence);
  }

  /** The event as the gateway node received it (received at: the entry's time). */
  RawEvent raw() {
    return new RawEvent(meta(), RawJson.of(data));
  }

  EventMeta meta() {
    long millis = Long.parseLong(id.substring(0, id.indexOf('-')));
    return new EventMeta(type, shard, sequence, Instant.ofEpochMilli(millis));
  }

  /** Parses a read reply ({@link FanoutScripts#READ_WIDTH} values per entry). */
  static List<StreamEntry> parse(List<Object> reply) {
    if (reply.size() % FanoutScripts.READ_WIDTH != 0) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream read reply has " + reply.size() + " values");
    }
    List<StreamEntry> entries = new ArrayList<>(reply.size() / FanoutScripts.READ_WIDTH);
    for (int i = 0; i < reply.size(); i += FanoutScripts.READ_WIDTH) {
      try {
        entries.add(
            new StreamEntry(
                str(reply, i),
                Long.parseLong(str(reply, i + 1)),
                new ShardInfo(
                    Integer.parseInt(str(reply, i + 2)), Integer.parseInt(str(reply, i + 3))),
                str(reply, i + 4),
                Long.parseLong(str(reply, i + 5)),
                str(reply, i + 6),
                str(reply, i + 8)));
      } catch (RuntimeException e) {
        throw RedisCoordinationException.of(
            Kind.BAD_REPLY, "malformed stream entry " + reply.get(i), e);
      }
    }
    return entries;
  }

  private static String str(List<Object> reply, int i) {
    return String.valueOf(reply.get(i));
  }
}
