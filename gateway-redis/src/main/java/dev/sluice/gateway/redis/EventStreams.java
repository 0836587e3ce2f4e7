package dev.sluice.gateway.redis;

import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watching and trimming the event streams of a keyspace. {@link #groups()} shows, per partition and
 * consumer group, how many entries are pending (delivered, not acked) and how many the group has
 * not read yet (lag). {@link #trim(long)} deletes only entries every group has acked; only when a
 * stream is still longer than the cap does it delete older entries a group still needs, and it says
 * so (a warning and the count it returns). {@link #trimDeadLetters(long)} caps the dead letters,
 * and {@link #forgetIdleConsumers(Duration)} deletes consumers that left nothing pending.
 *
 * <pre>{@code
 * EventStreams streams = EventStreams.of(redis, keyspace);
 * Flux.interval(Duration.ofSeconds(10)).concatMap(t -> streams.trim(1_000_000)).subscribe();
 * streams.groups().subscribe(g -> log.info("{}", g));
 * }</pre>
 *
 * <p>Thread-safe; stateless.
 */
public final class EventStreams {

  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

  /** One consumer group on one partition stream. */
  public record Group(int partition, String name, long consumers, long pending, long lag) {}

  private static final LuaScript GROUPS =
      new LuaScript(
          "groups",
          """
          local out = {}
          local r = redis.pcall('XINFO', 'GROUPS', KEYS[1])
          if type(r) ~= 'table' or r.err then
            return out
          end
          for _, g in ipairs(r) do
            local f = {}
            for j = 1, #g, 2 do
              f[g[j]] = g[j + 1]
            end
            out[#out + 1] = f['name']
            out[#out + 1] = f['consumers']
            out[#out + 1] = f['pending']
            out[#out + 1] = f['lag'] or -1
          end
          return out
          """);

  /**
   * KEYS stream; ARGV cap. Deletes the entries below every group's oldest pending entry (or last
   * delivered one); then, past the cap, the oldest regardless. Returns {safe, forced}.
   */
  private static final LuaScript TRIM =
      new LuaScript(
          "trim",
          """
          local function less(a, b)
            local am, as = string.match(a, '(%d+)-(%d+)')
            local bm, bs = string.match(b, '(%d+)-(%d+)')
            am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
            return am < bm or (am == bm and as < bs)
          end
          local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
          if type(groups) ~= 'table' or groups.err then
            return {0, 0}
          end
          local low = nil
          for _, g in ipairs(groups) do
            local f = {}
            for j = 1, #g, 2 do
              f[g[j]] = g[j + 1]
            end
            local keep = f['last-delivered-id']
            local p = redis.call('XPENDING', KEYS[1], f['name'])
            if p[2] then
              keep = p[2]
            end
            if not low or less(keep, low) then
              low = keep
            end
          end
          local safe = 0
          if low then
            safe = redis.call('XTRIM', KEYS[1], 'MINID', low)
          end
          local forced = 0
          if redis.call('XLEN', KEYS[1]) > tonumber(ARGV[1]) then
            forced = redis.call('XTRIM', KEYS[1], 'MAXLEN', ARGV[1])
          end
          return {safe, forced}
          """);

  /**
   * KEYS stream; ARGV idle ms. Deletes the consumers of every group that hold no pending entry and
   * have been idle longer than {@code idle} ({@code XGROUP DELCONSUMER}). Returns how many.
   */
  private static final LuaScript FORGET =
      new LuaScript(
          "forget-consumers",
          """
          local groups = redis.pcall('XINFO', 'GROUPS', KEYS[1])
          if type(groups) ~= 'table' or groups.err then
            return 0
          end
          local gone = 0
          for _, g in ipairs(groups) do
            local name
            for j = 1, #g, 2 do
              if g[j] == 'name' then
                name = g[j + 1]
              end
            end
            for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], name)) do
              local f = {}
              for j = 1, #c, 2 do
                f[c[j]] = c[j + 1]
              end
              if tonumber(f['pending']) == 0 and tonumber(f['idle']) > tonumber(ARGV[1]) then
                redis.call('XGROUP', 'DELCONSUMER', KEYS[1], name, f['name'])
                gone = gone + 1
              end
            end
          end
          return gone
          """);

  /**
   * KEYS dead letters; ARGV cap. Keeps the newest {@code cap} dead letters; returns how many went.
   */
  private static final LuaScript TRIM_DEAD =
      new LuaScript("trim-dead", "return redis.call('XTRIM', KEYS[1], 'MAXLEN', ARGV[1])");

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;

  private EventStreams(LettuceAdapter redis, RedisKeyspace keys) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keyspace");
  }

  /** The streams of {@code keyspace}. */
  public static EventStreams of(LettuceAdapter redis, RedisKeyspace keyspace) {
    return new EventStreams(redis, keyspace);
  }

  /** Every consumer group of every partition (XINFO GROUPS); lag -1 when Redis cannot tell. */
  public Flux<Group> groups() {
    return Flux.range(0, keys.partitions())
        .concatMap(
            p ->
                redis
                    .run(GROUPS, List.of(StreamKeys.events(keys, p)), List.of())
                    .flatMapMany(reply -> Flux.fromIterable(parse(p, reply))));
  }

  private static List<Group> parse(int partition, List<Object> reply) {
    if (reply.size() % 4 != 0) {
      throw RedisCoordinationException.of(Kind.BAD_REPLY, "groups reply of " + reply.size());
    }
    return java.util.stream.IntStream.range(0, reply.size() / 4)
        .mapToObj(
            i ->
                new Group(
                    partition,
                    String.valueOf(reply.get(4 * i)),
                    number(reply.get(4 * i + 1)),
                    number(reply.get(4 * i + 2)),
                    number(reply.get(4 * i + 3))))
        .toList();
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
  }

  /**
   * Trims every partition: entries all groups have acked go; past {@code cap} entries the oldest go
   * even if a group has not acked them, with a warning. Completes with how many such entries were
   * deleted (0 when no group was behind).
   *
   * @throws IllegalArgumentException if {@code cap < 1}
   */
  public Mono<Long> trim(long cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    return Flux.range(0, keys.partitions())
        .concatMap(
            p ->
                redis
                    .run(TRIM, List.of(StreamKeys.events(keys, p)), List.of(Long.toString(cap)))
                    .map(reply -> number(reply.get(1)))
                    .doOnNext(
                        forced -> {
                          if (forced > 0) {
                            log.warn(
                                "partition {}: trimmed {} entries a group had not acked (cap {})",
                                p,
                                forced,
                                cap);
                          }
                        }))
        .reduce(0L, Long::sum);
  }

  /**
   * Deletes, in every group of every partition, the consumers that hold no pending entry and have
   * not read for longer than {@code idle}: workers named by host and process id leave one behind at
   * each restart. A consumer that still holds entries is kept (another consumer claims them after
   * {@code minIdle}, and then it is deleted by a later call). Completes with how many went.
   *
   * @throws IllegalArgumentException if {@code idle} is negative
   */
  public Mono<Long> forgetIdleConsumers(Duration idle) {
    if (idle.isNegative()) {
      throw new IllegalArgumentException("idle must not be negative");
    }
    return Flux.range(0, keys.partitions())
        .concatMap(
            p ->
                redis
                    .run(FORGET, List.of(StreamKeys.events(keys, p)), List.of("" + idle.toMillis()))
                    .map(reply -> number(reply.get(0))))
        .reduce(0L, Long::sum);
  }

  /**
   * Keeps the newest {@code cap} entries of each group's dead-letter stream on every partition and
   * deletes the older ones, with a warning naming how many. Dead letters are never trimmed
   * otherwise. Completes with how many were deleted.
   *
   * @throws IllegalArgumentException if {@code cap < 1}
   */
  public Mono<Long> trimDeadLetters(long cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1");
    }
    return groups()
        .concatMap(
            g -> {
              String dlq = StreamKeys.deadLetters(keys, g.partition(), g.name());
              return redis
                  .run(TRIM_DEAD, List.of(dlq), List.of(Long.toString(cap)))
                  .map(reply -> number(reply.get(0)))
                  .doOnNext(
                      gone -> {
                        if (gone > 0) {
                          log.warn(
                              "partition {}: deleted {} dead letters of group {} (cap {})",
                              g.partition(),
                              gone,
                              g.name(),
                              cap);
                        }
                      });
            })
        .reduce(0L, Long::sum);
  }

  @Override
  public String toString() {
    return "EventStreams[" + keys.cluster() + "]";
  }
}
