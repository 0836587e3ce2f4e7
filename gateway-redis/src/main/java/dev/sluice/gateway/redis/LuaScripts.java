package dev.sluice.gateway.redis;

/**
 * Every Lua script gateway-redis runs. Each decision is one script, so it is atomic on the Redis
 * primary; shared decisions use only Redis' own {@code TIME}. Every write is fenced or idempotent,
 * because Lettuce may send a command again after a reconnect.
 */
final class LuaScripts {

  private LuaScripts() {}

  private static final String NOW =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

  /**
   * KEYS epoch, daily, bucket; ARGV interval ms, reserve, holder. Returns {decision, wait ms,
   * server ms}: QUARANTINE, BUDGET_UNKNOWN, BUDGET_EXHAUSTED, BUCKET or GRANT.
   */
  static final LuaScript IDENTIFY =
      new LuaScript(
          "identify",
          NOW
              + """
              local interval = tonumber(ARGV[1])
              local epoch = redis.call('GET', KEYS[1])
              if not epoch then
                redis.call('SET', KEYS[1], string.format('%d', now))
                return {'QUARANTINE', interval, now}
              end
              local since = now - tonumber(epoch)
              if since < interval then
                return {'QUARANTINE', interval - since, now}
              end
              local daily = redis.call('GET', KEYS[2])
              if not daily then
                return {'BUDGET_UNKNOWN', 0, now}
              end
              if tonumber(daily) <= tonumber(ARGV[2]) then
                return {'BUDGET_EXHAUSTED', redis.call('PTTL', KEYS[2]), now}
              end
              local busy = redis.call('PTTL', KEYS[3])
              if busy > 0 then
                return {'BUCKET', busy, now}
              end
              redis.call('SET', KEYS[3], ARGV[3], 'PX', interval)
              redis.call('DECR', KEYS[2])
              return {'GRANT', 0, now}
              """);

  /** KEYS daily; ARGV remaining, reset_after ms. The lower value wins. Returns the budget kept. */
  static final LuaScript SEED =
      new LuaScript(
          "seed",
          """
          local cur = redis.call('GET', KEYS[1])
          local remaining = tonumber(ARGV[1])
          if cur and tonumber(cur) <= remaining then
            return tonumber(cur)
          end
          local px = math.max(1, tonumber(ARGV[2]))
          redis.call('SET', KEYS[1], ARGV[1], 'PX', px)
          return remaining
          """);

  /**
   * KEYS nodes; ARGV node, node ttl ms. Records the heartbeat in server time, drops nodes silent
   * for longer than the ttl, and returns the live nodes.
   */
  static final LuaScript HEARTBEAT =
      new LuaScript(
          "heartbeat",
          NOW
              + """
              redis.call('ZADD', KEYS[1], now, ARGV[1])
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
              return redis.call('ZRANGE', KEYS[1], 0, -1)
              """);

  /** KEYS nodes; ARGV node. Withdraws the node from placement. */
  static final LuaScript LEAVE =
      new LuaScript("leave", "return redis.call('ZREM', KEYS[1], ARGV[1])");

  /**
   * KEYS lease, fence; ARGV node, ttl ms. Takes a free lease (or one this node's name holds from an
   * earlier life) with a new fence, {@code max(INCR, server ms)}; returns the fence, or -1 if
   * another node holds it.
   */
  static final LuaScript ACQUIRE =
      new LuaScript(
          "acquire",
          """
          local cur = redis.call('GET', KEYS[1])
          if cur then
            local sep = string.find(cur, '|', 1, true)
            if not sep or string.sub(cur, 1, sep - 1) ~= ARGV[1] then
              return -1
            end
          end
          """
              + NOW
              + """
              local fence = redis.call('INCR', KEYS[2])
              if fence < now then
                fence = now
                redis.call('SET', KEYS[2], string.format('%d', fence))
              end
              redis.call('SET', KEYS[1], ARGV[1] .. '|' .. string.format('%d', fence), 'PX', ARGV[2])
              return fence
              """);

  /** KEYS lease; ARGV "node|fence", ttl ms. Returns 1 if renewed, 0 if the lease is not ours. */
  static final LuaScript RENEW =
      new LuaScript(
          "renew",
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
          end
          return 0
          """);

  /** KEYS lease; ARGV "node|fence". Returns 1 if released, 0 if the lease was not ours. */
  static final LuaScript RELEASE =
      new LuaScript(
          "release",
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
          end
          return 0
          """);

  private static final String FENCE_CHECK =
      """
      local cur = redis.call('GET', KEYS[1])
      local fence = tonumber(ARGV[1])
      local sep = cur and string.find(cur, '|', 1, true)
      if not sep or tonumber(string.sub(cur, sep + 1)) ~= fence then
        return redis.error_reply('FENCED lease is not held under fence ' .. ARGV[1])
      end
      if tonumber(redis.call('HGET', KEYS[2], 'fence') or '0') > fence then
        return redis.error_reply('FENCED session was written under a newer fence')
      end
      """;

  /**
   * KEYS lease, session; ARGV fence, sid, seq, resume url, shard count. Fenced; the sequence of one
   * session never goes backwards. Returns the stored sequence.
   */
  static final LuaScript SAVE_SESSION =
      new LuaScript(
          "save-session",
          FENCE_CHECK
              + """
              local seq = tonumber(ARGV[3])
              if redis.call('HGET', KEYS[2], 'sid') == ARGV[2]
                  and redis.call('HGET', KEYS[2], 'shard_count') == ARGV[5] then
                local stored = tonumber(redis.call('HGET', KEYS[2], 'seq') or '-1')
                if seq <= stored then
                  redis.call('HSET', KEYS[2], 'resume_url', ARGV[4], 'fence', ARGV[1])
                  return stored
                end
              end
              redis.call('HSET', KEYS[2], 'sid', ARGV[2], 'seq', ARGV[3], 'resume_url', ARGV[4],
                  'shard_count', ARGV[5], 'fence', ARGV[1])
              return seq
              """);

  /** KEYS lease, session; ARGV fence. Fenced delete; returns 1 if a session was removed. */
  static final LuaScript REMOVE_SESSION =
      new LuaScript("remove-session", FENCE_CHECK + "return redis.call('DEL', KEYS[2])\n");

  /** KEYS session. Returns the session hash as a flat field/value list. */
  static final LuaScript LOAD_SESSION =
      new LuaScript("load-session", "return redis.call('HGETALL', KEYS[1])");
}
