package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.reactor.SessionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Stores a shard's sequence before its events are delivered. It follows the session through the
 * shard's own dispatches (a READY starts a new one), and for each batch stores the highest sequence
 * in the shard's fenced store; only then may the batch be delivered. So after a crash the next
 * owner resumes from a sequence no greater than the last one delivered plus the batch in flight:
 * nothing delivered is delivered again, and Discord replays the rest. The client's own saves go
 * through {@link #clientView}, which never stores a sequence the gate has not accepted.
 *
 * <p>Used by one shard's pipeline (serially); the fields are volatile for the client's view.
 */
final class SequenceGate {

  private static final Logger log = LoggerFactory.getLogger(SequenceGate.class);

  private final ShardInfo shard;
  private final SessionStore store;
  private final Scheduler scheduler;
  private final BatchStore batches;
  private volatile String sessionId;
  private volatile String resumeUrl;
  private volatile long accepted = -1;

  SequenceGate(ShardInfo shard, SessionStore store, Scheduler scheduler) {
    this(shard, store, scheduler, null);
  }

  /** A gate that stores each batch through {@code batches} (null: the sequence only). */
  SequenceGate(ShardInfo shard, SessionStore store, Scheduler scheduler, BatchStore batches) {
    this.shard = shard;
    this.store = store;
    this.scheduler = scheduler;
    this.batches = batches != null ? batches : (last, ids, batch) -> store.save(last);
  }

  /** Starts from the stored session the client will resume, if any. */
  void start(Session resumed) {
    if (resumed != null) {
      sessionId = resumed.sessionId();
      resumeUrl = resumed.resumeGatewayUrl();
      accepted = resumed.sequence();
    }
  }

  /** The highest sequence accepted for delivery so far, -1 before any. */
  long accepted() {
    return accepted;
  }

  /**
   * Stores the batch's highest sequence (retrying while Redis is unavailable) and completes when
   * the batch may be delivered. Fails with {@code FENCED} when the lease was taken over.
   */
  Mono<Void> accept(List<RawEvent> batch) {
    String sid = sessionId;
    String url = resumeUrl;
    long seq = sid == null ? -1 : accepted;
    List<String> sessionIds = new ArrayList<>(batch.size());
    for (RawEvent event : batch) {
      if ("READY".equals(event.meta().type())) {
        try {
          tools.jackson.databind.JsonNode ready = event.tree();
          String id = ready.path("session_id").asString(null);
          if (id == null || id.isBlank()) {
            throw GatewayException.of(GatewayException.Kind.DECODE, "ready without session_id");
          }
          sid = id;
          // READY without resume_gateway_url resumes where it connected (the previous URL).
          url = ready.path("resume_gateway_url").asString(url);
          seq = Math.max(0, event.meta().sequence());
        } catch (GatewayException e) {
          log.warn("shard {}: READY without a session: {}", shard, e.getMessage());
        }
      } else if (sid != null) {
        seq = Math.max(seq, event.meta().sequence());
      }
      sessionIds.add(sid);
    }
    if (sid == null || (sid.equals(sessionId) && seq <= accepted)) {
      return Mono.empty();
    }
    Session session = new Session(sid, url, seq, shard);
    return batches
        .store(session, sessionIds, batch)
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50))
                .maxBackoff(Duration.ofSeconds(1))
                .scheduler(scheduler)
                .filter(
                    e ->
                        RedisCoordinationException.is(
                            e, RedisCoordinationException.Kind.UNAVAILABLE)))
        .doOnSuccess(
            ignored -> {
              sessionId = session.sessionId();
              resumeUrl = session.resumeGatewayUrl();
              accepted = session.sequence();
            });
  }

  /**
   * The store the shard's client uses: loads pass through; a save never stores more than the gate
   * has accepted, and a session the gate has not seen yet is left to the gate.
   */
  SessionStore clientView() {
    return new SessionStore() {
      @Override
      public Mono<Session> load(ShardInfo s) {
        return store.load(s);
      }

      @Override
      public Mono<Void> save(Session session) {
        return Mono.defer(
            () -> {
              if (!session.sessionId().equals(sessionId) || accepted < 0) {
                return Mono.empty();
              }
              return store.save(session.withSequence(Math.min(session.sequence(), accepted)));
            });
      }

      @Override
      public Mono<Void> remove(ShardInfo s) {
        return store.remove(s);
      }
    };
  }
}
