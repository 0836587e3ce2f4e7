package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link SessionStore} in Redis for the one shard a {@link ShardLease} is for: the session id,
 * last sequence, {@code resume_gateway_url} and shard count, in one hash. Every write carries the
 * lease's fence and runs as one Lua script that first checks the lease in Redis is still held under
 * that fence; otherwise it fails with {@link Kind#FENCED} (a node that was replaced can never
 * overwrite its successor's session). Within one session the stored sequence never goes backwards.
 * A session stored under another shard count is never returned by {@link #load}.
 *
 * <p>Every method throws {@link IllegalArgumentException} at once for a shard other than the
 * lease's. Thread-safe. Create one per lease: {@code RedisSessionStore.forLease(redis, keyspace,
 * lease)}.
 */
public final class RedisSessionStore implements SessionStore {

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;
  private final ShardLease lease;

  private RedisSessionStore(LettuceAdapter redis, RedisKeyspace keys, ShardLease lease) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keyspace");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** The store of {@code lease}'s shard, writing under its fence. */
  public static RedisSessionStore forLease(
      LettuceAdapter redis, RedisKeyspace keyspace, ShardLease lease) {
    return new RedisSessionStore(redis, keyspace, lease);
  }

  @Override
  public Mono<Session> load(ShardInfo shard) {
    check(shard);
    return redis
        .run(LuaScripts.LOAD_SESSION, List.of(keys.session(shard.id())), List.of())
        .flatMap(reply -> Mono.justOrEmpty(parse(shard, reply)));
  }

  private static Session parse(ShardInfo shard, List<Object> reply) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      fields.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
    }
    if (!Integer.toString(shard.count()).equals(fields.get("shard_count"))) {
      return null; // absent, or saved under another shard count: never resumed
    }
    try {
      return new Session(
          fields.get("sid"), fields.get("resume_url"), Long.parseLong(fields.get("seq")), shard);
    } catch (RuntimeException e) {
      throw RedisCoordinationException.of(
          Kind.BAD_REPLY, "stored session of shard " + shard + " is malformed", e);
    }
  }

  /**
   * Stores {@code session} under the lease's fence. Fails with {@link Kind#FENCED} when the lease
   * is lost or Redis holds it under another fence.
   */
  @Override
  public Mono<Void> save(Session session) {
    check(session.shard());
    return Mono.defer(
        () -> {
          checkHeld();
          return redis
              .run(
                  LuaScripts.SAVE_SESSION,
                  List.of(keys.lease(lease.shard().id()), keys.session(lease.shard().id())),
                  List.of(
                      Long.toString(lease.fence()),
                      session.sessionId(),
                      Long.toString(session.sequence()),
                      session.resumeGatewayUrl(),
                      Integer.toString(session.shard().count())))
              .then();
        });
  }

  /** Forgets the shard's session, under the lease's fence. */
  @Override
  public Mono<Void> remove(ShardInfo shard) {
    check(shard);
    return Mono.defer(
        () -> {
          checkHeld();
          return redis
              .run(
                  LuaScripts.REMOVE_SESSION,
                  List.of(keys.lease(shard.id()), keys.session(shard.id())),
                  List.of(Long.toString(lease.fence())))
              .then();
        });
  }

  private void check(ShardInfo shard) {
    if (!lease.shard().equals(shard)) {
      throw new IllegalArgumentException(
          "this store is for shard " + lease.shard() + ", not " + shard);
    }
  }

  private void checkHeld() {
    if (lease.isLost()) {
      throw RedisCoordinationException.of(
          Kind.FENCED,
          "lease of shard " + lease.shard() + " (fence " + lease.fence() + ") is lost");
    }
  }

  @Override
  public String toString() {
    return "RedisSessionStore" + lease.shard() + " fence " + lease.fence();
  }
}
