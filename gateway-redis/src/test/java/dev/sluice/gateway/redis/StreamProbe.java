package dev.sluice.gateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-side reads of streams and groups (scripts, like everything else). */
final class StreamProbe {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Every entry of a stream, as one string of field \u0001 value \u0001 ... */
  private static final LuaScript RANGE =
      new LuaScript(
          "test-range",
          """
          local out = {}
          for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
            out[#out + 1] = e[1] .. '\\1' .. table.concat(e[2], '\\1')
          end
          return out
          """);

  /** The pending count of a group on a stream, 0 when either is missing. */
  private static final LuaScript PENDING =
      new LuaScript(
          "test-pending",
          """
          local r = redis.pcall('XPENDING', KEYS[1], ARGV[1])
          if type(r) ~= 'table' or r.err then
            return 0
          end
          return r[1]
          """);

  /** The keys (shard/sid/seq) of the entries pending for one consumer of a group. */
  private static final LuaScript PENDING_KEYS =
      new LuaScript(
          "test-pending-keys",
          """
          local out = {}
          local r = redis.pcall('XPENDING', KEYS[1], ARGV[1], '-', '+', 1000000, ARGV[2])
          if type(r) ~= 'table' or r.err then
            return out
          end
          for _, p in ipairs(r) do
            local e = redis.call('XRANGE', KEYS[1], p[1], p[1])
            if e[1] then
              local s, q, i = string.match(e[1][2][2], '^(%d+) %d+ %d+ (%d+) (%S*) ')
              out[#out + 1] = s .. '/' .. i .. '/' .. q
            end
          end
          return out
          """);

  private static final LuaScript LENGTH =
      new LuaScript("test-xlen", "return redis.call('XLEN', KEYS[1])");

  /** The names the header's parts get, in order. */
  private static final List<String> HEADER = List.of("s", "n", "f", "q", "i", "t");

  private StreamProbe() {}

  /** How many entries the event streams hold, over every partition (cheap: XLEN). */
  static long length(LettuceAdapter redis, RedisKeyspace keys) {
    long total = 0;
    for (int p = 0; p < keys.partitions(); p++) {
      total +=
          ((Number)
                  redis
                      .run(LENGTH, List.of(StreamKeys.events(keys, p)), List.of())
                      .block(WAIT)
                      .get(0))
              .longValue();
    }
    return total;
  }

  /** The keys, as {@code shard/sid/seq}, of entries pending for {@code consumer}. */
  static List<String> pendingKeys(
      LettuceAdapter redis, RedisKeyspace keys, String group, String consumer) {
    List<String> all = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) {
      redis
          .run(PENDING_KEYS, List.of(StreamKeys.events(keys, p)), List.of(group, consumer))
          .block(WAIT)
          .forEach(o -> all.add(String.valueOf(o)));
    }
    return all;
  }

  /**
   * The entries of {@code streams}, each as its fields plus {@code _id}; an event entry's header
   * {@code h} also split into {@code s} shard, {@code n} shard count, {@code f} fence, {@code q}
   * sequence, {@code i} session id and {@code t} type.
   */
  static List<Map<String, String>> entries(LettuceAdapter redis, List<String> streams) {
    List<Map<String, String>> all = new ArrayList<>();
    for (String stream : streams) {
      for (Object o : redis.run(RANGE, List.of(stream), List.of()).block(WAIT)) {
        String[] parts = String.valueOf(o).split("\u0001", -1);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_id", parts[0]);
        for (int i = 1; i + 1 < parts.length; i += 2) {
          fields.put(parts[i], parts[i + 1]);
        }
        String header = fields.get("h");
        if (header != null) {
          String[] h = header.split(" ", 6);
          for (int i = 0; i < h.length; i++) {
            fields.put(HEADER.get(i), h[i]);
          }
        }
        all.add(fields);
      }
    }
    return all;
  }

  /** The entries of every partition's event stream. */
  static List<Map<String, String>> events(LettuceAdapter redis, RedisKeyspace keys) {
    List<String> streams = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) {
      streams.add(StreamKeys.events(keys, p));
    }
    return entries(redis, streams);
  }

  /** Entries of {@code group} not yet acked, over every partition. */
  static long pending(LettuceAdapter redis, RedisKeyspace keys, String group) {
    long total = 0;
    for (int p = 0; p < keys.partitions(); p++) {
      List<Object> r =
          redis.run(PENDING, List.of(StreamKeys.events(keys, p)), List.of(group)).block(WAIT);
      total += ((Number) r.get(0)).longValue();
    }
    return total;
  }
}
