package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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
 * <p>Used by one shard's pipeline ({@link #accepting}, which calls {@link #accept} serially); the
 * accepted fields are volatile for the client's view.
 */
final class SequenceGate {

  private static final Logger log = LoggerFactory.getLogger(SequenceGate.class);
  private static final int PREFETCH = 32;
  private static final Duration BACKOFF = Duration.ofMillis(50);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final ShardInfo shard;
  private final SessionStore store;
  private final Scheduler scheduler;
  private final BatchStore batches;
  private volatile String sessionId;
  private volatile String resumeUrl;
  private volatile long accepted = -1;
  // what was given to the store so far (by the pipeline, serially)
  private Session sent;
  private long numbered;
  private Mono<Void> lastStored = Mono.empty();
  private AtomicBoolean lastDone = new AtomicBoolean(true);

  SequenceGate(ShardInfo shard, SessionStore store, Scheduler scheduler) {
    this(shard, store, scheduler, null);
  }

  /** A gate that stores each batch through {@code batches} (null: the sequence only). */
  SequenceGate(ShardInfo shard, SessionStore store, Scheduler scheduler, BatchStore batches) {
    this.shard = shard;
    this.store = store;
    this.scheduler = scheduler;
    this.batches =
        batches != null ? batches : (last, ids, batch, number, rebase) -> store.save(last);
  }

  /** Starts from the stored session the client will resume, if any. */
  void start(Session resumed) {
    if (resumed != null) {
      sessionId = resumed.sessionId();
      resumeUrl = resumed.resumeGatewayUrl();
      accepted = resumed.sequence();
      sent = new Session(sessionId, resumeUrl, accepted, shard);
    }
  }

  /** The highest sequence accepted for delivery so far, -1 before any. */
  long accepted() {
    return accepted;
  }

  /**
   * Stores each batch and emits it once it may be delivered, in order. Up to the store's {@link
   * BatchStore#inFlight()} batches are stored at once; each is retried while Redis is unavailable,
   * and after the batch before it when refused as {@code OUT_OF_ORDER}. Fails with {@code FENCED}
   * when the lease was taken over.
   */
  Flux<List<RawEvent>> accepting(Flux<List<RawEvent>> batches) {
    // limitRate keeps batches forming while stores are in flight (the client's buffer stays small)
    return batches
        .limitRate(PREFETCH)
        .flatMapSequential(
            batch ->
                accept(batch)
                    .map(session -> new Stored(batch, session))
                    .defaultIfEmpty(new Stored(batch, null)),
            this.batches.inFlight(),
            1)
        .map(
            stored -> {
              // in order, so the accepted session never moves back
              if (stored.session() != null) {
                sessionId = stored.session().sessionId();
                resumeUrl = stored.session().resumeGatewayUrl();
                accepted = stored.session().sequence();
              }
              return stored.batch();
            });
  }

  private record Stored(List<RawEvent> batch, Session session) {}

  /**
   * Stores the batch's highest sequence (after every batch this gate was given before it); emits
   * the session after it when the batch may be delivered, nothing when there was nothing to store.
   * Called serially, in order.
   */
  private Mono<Session> accept(List<RawEvent> batch) {
    Session before = sent;
    String sid = before == null ? null : before.sessionId();
    String url = before == null ? null : before.resumeGatewayUrl();
    long seq = sid == null ? -1 : before.sequence();
    List<String> sessionIds = new ArrayList<>(batch.size());
    for (RawEvent event : batch) {
      if ("READY".equals(event.meta().type())) {
        String id = readySession(event);
        if (id != null) {
          sid = id;
          // READY without resume_gateway_url resumes where it connected (the previous URL).
          url = event.tree().path("resume_gateway_url").asString(url);
          seq = Math.max(0, event.meta().sequence());
        }
      } else if (sid != null) {
        seq = Math.max(seq, event.meta().sequence());
      }
      sessionIds.add(sid);
    }
    if (sid == null
        || (before != null && sid.equals(before.sessionId()) && seq <= before.sequence())) {
      return Mono.empty();
    }
    Session session = new Session(sid, url, seq, shard);
    sent = session;
    return store(session, sessionIds, batch, ++numbered);
  }

  /**
   * Stores batch {@code number}: retried while Redis is unavailable, and after the batch before it
   * when refused as out of order (as a rebased first batch when refused although that one was
   * stored). Emits {@code session} when stored.
   */
  private Mono<Session> store(
      Session session, List<String> sessionIds, List<RawEvent> batch, long number) {
    Mono<Void> previous = lastStored;
    AtomicBoolean previousDone = lastDone;
    Sinks.Empty<Void> stored = Sinks.empty();
    AtomicBoolean done = new AtomicBoolean();
    lastStored = stored.asMono();
    lastDone = done;
    AtomicBoolean rebase = new AtomicBoolean();
    return Mono.defer(
            () -> {
              boolean afterPrevious = previousDone.get();
              return batches
                  .store(session, sessionIds, batch, number, rebase.get())
                  .doOnError(
                      e -> {
                        // refused although the batch before is stored: Redis lost the record
                        if (afterPrevious && RedisCoordinationException.is(e, Kind.OUT_OF_ORDER)) {
                          rebase.set(true);
                        }
                      });
            })
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> retryAfter(s, previous))))
        .then(Mono.fromSupplier(() -> session))
        .doOnSuccess(
            ignored -> {
              done.set(true);
              stored.tryEmitEmpty();
            });
  }

  private String readySession(RawEvent event) {
    try {
      String id = event.tree().path("session_id").asString(null);
      if (id == null || id.isBlank()) {
        throw GatewayException.of(GatewayException.Kind.DECODE, "ready without session_id");
      }
      return id;
    } catch (GatewayException e) {
      log.warn("shard {}: READY without a session: {}", shard, e.getMessage());
      return null;
    }
  }

  /** Redis unavailable: backoff; refused as out of order: after the batch before is stored. */
  private Mono<Long> retryAfter(Retry.RetrySignal signal, Mono<Void> previous) {
    Throwable e = signal.failure();
    boolean outOfOrder = RedisCoordinationException.is(e, Kind.OUT_OF_ORDER);
    if (!outOfOrder && !RedisCoordinationException.is(e, Kind.UNAVAILABLE)) {
      return Mono.error(e);
    }
    long n = Math.min(signal.totalRetriesInARow(), 5);
    Duration backoff =
        BACKOFF.multipliedBy(1L << n).compareTo(MAX_BACKOFF) > 0
            ? MAX_BACKOFF
            : BACKOFF.multipliedBy(1L << n);
    Mono<Long> wait = Mono.delay(backoff, scheduler);
    if (!outOfOrder) {
      return wait;
    }
    return previous.then(n == 0 ? Mono.just(0L) : wait);
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
