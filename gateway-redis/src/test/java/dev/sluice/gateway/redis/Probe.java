package dev.sluice.gateway.redis;

import java.time.Duration;
import java.util.List;

/** Test-side reads of Redis keys through an adapter (scripts, like everything else). */
final class Probe {

  private static final LuaScript GET =
      new LuaScript("test-get", "return {redis.call('GET', KEYS[1]) or '(nil)'}");
  private static final LuaScript DEL =
      new LuaScript("test-del", "return redis.call('DEL', KEYS[1])");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Probe() {}

  static String get(LettuceAdapter redis, String key) {
    List<Object> reply = redis.run(GET, List.of(key), List.of()).block(WAIT);
    String value = String.valueOf(reply.get(0));
    return "(nil)".equals(value) ? null : value;
  }

  static void del(LettuceAdapter redis, String key) {
    redis.run(DEL, List.of(key), List.of()).block(WAIT);
  }

  static LettuceAdapter connect(RedisServer server) {
    return LettuceAdapter.connect(server.uri()).block(WAIT);
  }
}
