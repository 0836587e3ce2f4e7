package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Where sessions live between connections and between processes, so a restarted bot can Resume
 * instead of Identify. Sluice saves on READY, on RESUMED and when a connection ends (not per
 * event). {@link Session} serialises with {@code GatewayCodec.writeSession}/{@code readSession}.
 */
public interface SessionStore {

  /** The stored session of a shard, or empty. */
  Mono<Session> load(ShardInfo shard);

  /** Stores a session, replacing the shard's previous one. */
  Mono<Void> save(Session session);

  /** Forgets the shard's session (it ended, or became invalid). */
  Mono<Void> remove(ShardInfo shard);

  /** A store in this JVM's memory (the default). */
  static SessionStore inMemory() {
    Map<ShardInfo, Session> sessions = new ConcurrentHashMap<>();
    return new SessionStore() {
      @Override
      public Mono<Session> load(ShardInfo shard) {
        return Mono.fromSupplier(() -> sessions.get(shard));
      }

      @Override
      public Mono<Void> save(Session session) {
        return Mono.fromRunnable(() -> sessions.put(session.shard(), session));
      }

      @Override
      public Mono<Void> remove(ShardInfo shard) {
        return Mono.fromRunnable(() -> sessions.remove(shard));
      }
    };
  }
}
