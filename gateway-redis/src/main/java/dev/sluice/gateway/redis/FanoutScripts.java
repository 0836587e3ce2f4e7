package dev.sluice.gateway.redis;

/**
 * The Lua scripts of fan-out. Each touches the keys of one partition only. Every write is fenced or
 * idempotent, because Lettuce may send a command again after a reconnect: a re-sent publish appends
 * nothing twice, a re-sent ack or dead-letter finds the entry already acked and does nothing.
 *
 * <p>An event entry has two fields: {@code h} its header (shard, shard count, fence, sequence,
 * session id, type in one string, built by the node: {@link EntryHeader}) and {@code d} the
 * undecoded {@code d}, in that order. Claims return them flat: id, deliveries, h, d; new entries
 * are read with a plain {@code XREADGROUP} ({@link LettuceAdapter#readGroup}).
 */
final class FanoutScripts {

  private FanoutScripts() {}

  /** Values per entry in a claim reply: id, deliveries, h, d. */
  static final int READ_WIDTH = 4;

  private static final String LEASE_CHECK =
      """
      local cur = redis.call('GET', KEYS[1])
      local sep = cur and string.find(cur, '|', 1, true)
      if not sep or tonumber(string.sub(cur, sep + 1)) ~= tonumber(ARGV[1]) then
        return redis.error_reply('FENCED lease is not held under fence ' .. ARGV[1])
      end
      """;

  /**
   * KEYS lease, session, stream, publish cursor; ARGV fence, resume url, shard count, publisher,
   * batch number, then per event: sid, seq, header ({@link EntryHeader}, built under the same
   * fence), data. Refuses a stale fence. Batch {@code n > 1} of a publisher (a random id per shard
   * run) must continue its batch {@code n - 1}: a batch already stored appends nothing, a batch
   * whose predecessor is not stored is refused ({@code OUT_OF_ORDER}), so a publisher may send its
   * next batch before the reply to the last one without ever leaving a hole. Appends only events
   * above the stored sequence of their session and stores the last one appended, in the same step.
   * Returns {appended, stored seq}. Per event it does only what it must: compare the session id,
   * convert the sequence, and append the header and data as they came.
   */
  static final LuaScript PUBLISH =
      new LuaScript(
          "publish",
          LEASE_CHECK
              + """
              if tonumber(redis.call('HGET', KEYS[2], 'fence') or '0') > tonumber(ARGV[1]) then
                return redis.error_reply('FENCED session was written under a newer fence')
              end
              local n = tonumber(ARGV[5])
              local pub = redis.call('HMGET', KEYS[4], 'p', 'n')
              local pubn = tonumber(pub[2] or '0')
              if pub[1] == ARGV[4] and pubn >= n then
                return {0, -1}
              end
              if n > 1 and (pub[1] ~= ARGV[4] or pubn ~= n - 1) then
                return redis.error_reply('OUT_OF_ORDER batch ' .. n .. ' does not continue batch '
                    .. pubn .. ' of its publisher')
              end
              local stored = redis.call('HMGET', KEYS[2], 'sid', 'seq', 'shard_count')
              local sid = stored[1]
              local seq = tonumber(stored[2] or '-1')
              if stored[3] ~= ARGV[3] then
                sid = false
                seq = -1
              end
              local added = 0
              for i = 6, #ARGV, 4 do
                if ARGV[i] ~= sid then
                  sid = ARGV[i]
                  seq = -1
                end
                local q = tonumber(ARGV[i + 1])
                if q > seq then
                  redis.call('XADD', KEYS[3], '*', 'h', ARGV[i + 2], 'd', ARGV[i + 3])
                  seq = q
                  added = added + 1
                end
              end
              redis.call('HSET', KEYS[4], 'p', ARGV[4], 'n', ARGV[5])
              if sid then
                redis.call('HSET', KEYS[2], 'sid', sid, 'seq', string.format('%d', seq),
                    'resume_url', ARGV[2], 'shard_count', ARGV[3], 'fence', ARGV[1])
              end
              return {added, seq}
              """);

  private static final String FLATTEN =
      """
      local function put(out, id, deliveries, f)
        local h, d = false, false
        for j = 1, #f, 2 do
          if f[j] == 'h' then
            h = f[j + 1]
          elseif f[j] == 'd' then
            d = f[j + 1]
          end
        end
        out[#out + 1] = id
        out[#out + 1] = deliveries
        out[#out + 1] = h
        out[#out + 1] = d
      end
      """;

  /**
   * KEYS stream, dead letters; ARGV group, consumer, min idle ms, count, max deliveries. Claims
   * entries idle longer than min idle (their consumer died, or their handler failed); an entry
   * delivered more than max deliveries times goes to the dead letters and is acked. Returns the
   * claimed entries flat, with their delivery counts.
   */
  static final LuaScript CLAIM =
      new LuaScript(
          "claim",
          FLATTEN
              + """
              local r = redis.pcall('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0',
                  'COUNT', ARGV[4])
              local out = {}
              if type(r) ~= 'table' or r.err then
                return out
              end
              for _, e in ipairs(r[2]) do
                if e[2] then
                  local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
                  local n = p[1] and p[1][4] or 1
                  if n > tonumber(ARGV[5]) then
                    if redis.call('XACK', KEYS[1], ARGV[1], e[1]) == 1 then
                      local fields = {'id', e[1], 'group', ARGV[1], 'deliveries', n,
                          'error', 'delivered ' .. n .. ' times without an ack'}
                      for j = 1, #e[2] do
                        fields[#fields + 1] = e[2][j]
                      end
                      redis.call('XADD', KEYS[2], '*', unpack(fields))
                    end
                  else
                    put(out, e[1], n, e[2])
                  end
                end
              end
              return out
              """);

  /**
   * KEYS stream; ARGV group, consumer, count. After a read whose reply was lost: the entries
   * delivered to {@code consumer} and not acked ({@code XREADGROUP ... 0}), flat like a claim, each
   * with its delivery count (which that read raised). An entry trimmed away is left out.
   */
  static final LuaScript OWN_PENDING =
      new LuaScript(
          "own-pending",
          FLATTEN
              + """
              local r = redis.pcall('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
                  'STREAMS', KEYS[1], '0')
              local out = {}
              if type(r) ~= 'table' or r.err or not r[1] then
                return out
              end
              for _, e in ipairs(r[1][2]) do
                if e[2] then
                  local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
                  put(out, e[1], p[1] and p[1][4] or 1, e[2])
                end
              end
              return out
              """);

  /**
   * KEYS stream; ARGV group, consumer, then ids. Resets the idle time of those entries still
   * pending for {@code consumer} ({@code XCLAIM ... JUSTID}, which leaves the delivery count), so
   * that a batch whose handling takes longer than the claim's idle time is not claimed by another
   * consumer while it is handled. Returns how many it kept.
   */
  static final LuaScript KEEP =
      new LuaScript(
          "keep",
          """
          local kept = 0
          for i = 3, #ARGV do
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
            if p[1] and p[1][2] == ARGV[2] then
              redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
              kept = kept + 1
            end
          end
          return kept
          """);

  /**
   * KEYS stream, dead letters; ARGV group, id, deliveries, error. Acks the entry and, if it was
   * still pending, copies it with the error to the dead letters. Returns 1 if moved.
   */
  static final LuaScript DEAD =
      new LuaScript(
          "dead",
          """
          if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
            return 0
          end
          local fields = {'id', ARGV[2], 'group', ARGV[1], 'deliveries', ARGV[3], 'error', ARGV[4]}
          local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
          if e[1] then
            for j = 1, #e[1][2] do
              fields[#fields + 1] = e[1][2][j]
            end
          end
          redis.call('XADD', KEYS[2], '*', unpack(fields))
          return 1
          """);

  /**
   * KEYS lease, commands, position; ARGV fence, count. The commands after the last one sent, for
   * the lease holder only. Returns id, payload pairs.
   */
  static final LuaScript COMMANDS =
      new LuaScript(
          "commands",
          LEASE_CHECK
              + """
              local from = redis.call('GET', KEYS[3]) or '0-0'
              local r = redis.call('XRANGE', KEYS[2], '(' .. from, '+', 'COUNT', ARGV[2])
              local out = {}
              for _, e in ipairs(r) do
                out[#out + 1] = e[1]
                out[#out + 1] = e[2][2]
              end
              return out
              """);

  /**
   * KEYS lease, position, commands; ARGV fence, id. Records that the command {@code id} was sent
   * (fenced) and trims the commands before it. Returns 1.
   */
  static final LuaScript COMMAND_SENT =
      new LuaScript(
          "command-sent",
          LEASE_CHECK
              + """
              redis.call('SET', KEYS[2], ARGV[2])
              redis.call('XTRIM', KEYS[3], 'MINID', ARGV[2])
              return 1
              """);

  /** KEYS commands; ARGV payload. Returns the new entry's id. */
  static final LuaScript SEND_COMMAND =
      new LuaScript("send-command", "return redis.call('XADD', KEYS[1], '*', 'c', ARGV[1])");
}
