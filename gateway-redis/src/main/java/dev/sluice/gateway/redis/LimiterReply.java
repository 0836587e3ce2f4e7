package dev.sluice.gateway.redis;

import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.util.List;

/**
 * One answer of the identify script: the decision, how long to wait (ms, -1 when Redis does not
 * know) and Redis' clock when it decided.
 */
record LimiterReply(Decision decision, long waitMillis, long serverMillis) {

  /** What the identify script decided. */
  enum Decision {
    GRANT,
    BUCKET,
    QUARANTINE,
    BUDGET_UNKNOWN,
    BUDGET_EXHAUSTED
  }

  static LimiterReply parse(List<Object> reply) {
    if (reply.size() != 3) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "identify script answered " + reply.size() + " values, not 3");
    }
    try {
      return new LimiterReply(
          Decision.valueOf(String.valueOf(reply.get(0))),
          Long.parseLong(String.valueOf(reply.get(1))),
          Long.parseLong(String.valueOf(reply.get(2))));
    } catch (IllegalArgumentException e) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "identify script answered an unknown decision", e);
    }
  }
}
