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

  /** The fields of an event entry, in the order of {@link #fromFields}. */
  static final List<String> FIELDS = List.of("s", "n", "i", "q", "t", "f", "d");

  /** Parses a script's read reply ({@link FanoutScripts#READ_WIDTH} values per entry). */
  static List<StreamEntry> parse(List<Object> reply) {
    if (reply.size() % FanoutScripts.READ_WIDTH != 0) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream read reply has " + reply.size() + " values");
    }
    List<StreamEntry> entries = new ArrayList<>(reply.size() / FanoutScripts.READ_WIDTH);
    for (int i = 0; i < reply.size(); i += FanoutScripts.READ_WIDTH) {
      entries.add(
          of(
              str(reply, i),
              str(reply, i + 1),
              reply.subList(i + 2, i + FanoutScripts.READ_WIDTH).stream()
                  .map(String::valueOf)
                  .toList()));
    }
    return entries;
  }

  /**
   * An entry read as its id followed by the values of {@link #FIELDS} ({@link
   * LettuceAdapter#readGroup}), delivered {@code deliveries} times.
   */
  static StreamEntry fromFields(List<String> idAndFields, long deliveries) {
    if (idAndFields.size() != FIELDS.size() + 1) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream entry has " + idAndFields.size() + " values");
    }
    return of(
        idAndFields.get(0), Long.toString(deliveries), idAndFields.subList(1, idAndFields.size()));
  }

  /** id, deliveries, then s, n, i, q, t, f, d. */
  private static StreamEntry of(String id, String deliveries, List<String> f) {
    try {
      return new StreamEntry(
          id,
          Long.parseLong(deliveries),
          new ShardInfo(Integer.parseInt(f.get(0)), Integer.parseInt(f.get(1))),
          f.get(2),
          Long.parseLong(f.get(3)),
          f.get(4),
          f.get(6));
    } catch (RuntimeException e) {
      throw RedisCoordinationException.of(Kind.BAD_REPLY, "malformed stream entry " + id, e);
    }
  }

  private static String str(List<Object> reply, int i) {
    return String.valueOf(reply.get(i));
  }
}
