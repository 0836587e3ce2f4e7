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
    long millis = Long.parseLong(id, 0, id.indexOf('-'), 10);
    return new EventMeta(type, shard, sequence, Instant.ofEpochMilli(millis));
  }

  /** The fields of an event entry, in the order of {@link #fromFields}: header and body. */
  static final List<String> FIELDS = List.of("h", "d");

  /** An entry that could not be read as an event: its id, deliveries and why. */
  record Malformed(String id, long deliveries, String error) {}

  /**
   * Parses a script's read reply ({@link FanoutScripts#READ_WIDTH} values per entry); an entry that
   * is not an event ({@link EntryHeader}: {@code BAD_REPLY}) goes to {@code malformed} instead.
   *
   * @throws RedisCoordinationException {@code BAD_REPLY} if the reply itself is malformed
   */
  static List<StreamEntry> parse(List<Object> reply, List<Malformed> malformed) {
    if (reply.size() % FanoutScripts.READ_WIDTH != 0) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream read reply has " + reply.size() + " values");
    }
    List<StreamEntry> entries = new ArrayList<>(reply.size() / FanoutScripts.READ_WIDTH);
    for (int i = 0; i < reply.size(); i += FanoutScripts.READ_WIDTH) {
      String id = str(reply, i);
      long deliveries;
      try {
        deliveries = Long.parseLong(str(reply, i + 1));
      } catch (NumberFormatException e) {
        throw RedisCoordinationException.of(Kind.BAD_REPLY, "malformed stream entry " + id, e);
      }
      try {
        entries.add(
            EntryHeader.parse(id, deliveries, nullable(reply, i + 2), nullable(reply, i + 3)));
      } catch (RedisCoordinationException e) {
        malformed.add(new Malformed(id, deliveries, e.getMessage()));
      }
    }
    return entries;
  }

  /**
   * An entry read as its id followed by the values of {@link #FIELDS} ({@link
   * LettuceAdapter#readGroup}), delivered {@code deliveries} times.
   *
   * @throws RedisCoordinationException {@code BAD_REPLY} if it is malformed ({@link EntryHeader})
   */
  static StreamEntry fromFields(List<String> idAndFields, long deliveries) {
    if (idAndFields.size() != FIELDS.size() + 1) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stream entry has " + idAndFields.size() + " values");
    }
    return EntryHeader.parse(
        idAndFields.get(0), deliveries, idAndFields.get(1), idAndFields.get(2));
  }

  private static String nullable(List<Object> reply, int i) {
    Object value = reply.get(i);
    return value == null ? null : value.toString();
  }

  private static String str(List<Object> reply, int i) {
    return String.valueOf(reply.get(i));
  }
}
