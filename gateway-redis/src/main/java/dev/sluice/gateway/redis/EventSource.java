package dev.sluice.gateway.redis;

import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * The worker side of fan-out: reads the events gateway nodes published ({@link EventSink}) as one
 * consumer of a consumer group (one group per consuming service, one consumer name per process),
 * decodes them with the same decoder as a single process and runs the handlers registered for their
 * types. An entry is acked ({@code XACK}) only after every handler's {@code Mono} completed.
 *
 * <ul>
 *   <li>Entries of a dead consumer (or whose handler failed) are claimed again ({@code XAUTOCLAIM})
 *       once idle for {@code minIdle} (default 30 s).
 *   <li>An entry whose handler fails on its {@code maxDeliveries}-th delivery (default 5), or that
 *       was delivered more often without an ack, is copied with the last error to the group's
 *       dead-letter stream {@code {<cluster>:p<P>}:dlq:<group>} and acked.
 *   <li>Order: the entries of one shard are handled one after another, in stream order; different
 *       shards run in parallel. A claimed entry may run after newer ones of its shard.
 *   <li>The handler reads the event's {@link EventKey} (shard, session id, sequence) with {@link
 *       #key()}, for deduplication.
 *   <li>An entry that is not an event goes to the dead letters at once ({@code BAD_REPLY}); the
 *       rest of its read is handled.
 *   <li>While a read's entries are handled, their idle time is reset every {@code minIdle / 3}, so
 *       a slow batch is not claimed by another consumer.
 *   <li>Handlers run on the source's scheduler (default parallel), never on the Redis connection's
 *       I/O thread; a handler must not block.
 * </ul>
 *
 * <pre>{@code
 * EventSource source = EventSource.builder(redis, keyspace, "ping", "worker-" + pid)
 *     .on(MessageCreate.class, msg -> reply(msg))
 *     .build();
 * source.run().subscribe();          // until stop()
 * source.stop().block();             // on SIGTERM: finish and ack what it holds
 * }</pre>
 *
 * <p>Thread-safe. Each partition is read by its own loop: up to {@code batch} entries (default 256)
 * per read; an empty read waits {@code poll} (default 10 ms) before the next.
 */
public final class EventSource {

  private static final Logger log = LoggerFactory.getLogger(EventSource.class);

  /** How long a stopping partition loop tries its last ack while Redis is unavailable. */
  static final Duration FINAL_ACK = Duration.ofSeconds(10);

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;
  private final SourceSettings settings;
  private final EventHandlers handlers;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Sinks.Empty<Void> stopped = Sinks.empty();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();

  EventSource(
      LettuceAdapter redis, RedisKeyspace keys, SourceSettings settings, EventHandlers handlers) {
    this.redis = redis;
    this.keys = keys;
    this.settings = settings;
    this.handlers = handlers;
  }

  /** A builder for consumer {@code consumer} of group {@code group}. */
  public static SourceSettings.Builder builder(
      LettuceAdapter redis, RedisKeyspace keyspace, String group, String consumer) {
    return new SourceSettings.Builder(redis, keyspace, group, consumer);
  }

  /** The key of the event being handled, from the handler's context (empty outside a handler). */
  public static Mono<EventKey> key() {
    return Mono.deferContextual(ctx -> Mono.justOrEmpty(ctx.getOrEmpty(EventKey.class)));
  }

  /** How many entries this consumer has acked. */
  public long acked() {
    return acked.get();
  }

  /** How many entries this consumer has moved to the dead letters. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /**
   * Reads and handles events until {@link #stop()}; completes when every entry read was handled and
   * acked (or left pending after a failure).
   */
  public Mono<Void> run() {
    return Flux.range(0, keys.partitions())
        .flatMap(this::partitionLoop, keys.partitions())
        .then()
        .doFinally(s -> stopped.tryEmitEmpty());
  }

  /** Stops reading; completes when the entries in hand are handled and acked. */
  public Mono<Void> stop() {
    return Mono.defer(
        () -> {
          stopping.set(true);
          return stopped.asMono();
        });
  }

  /**
   * One partition's loop: the ack of what was handled goes out with the next read (pipelined on the
   * connection, not waited for before it), and the last ack when the loop stops. A failed round
   * (Redis unavailable) is tried again after {@code 10 × poll}, the ack first; a stop is noticed
   * between rounds, so it is never stuck behind an outage.
   */
  private Mono<Void> partitionLoop(int partition) {
    String stream = StreamKeys.events(keys, partition);
    String dlq = StreamKeys.deadLetters(keys, partition, settings.group());
    long[] lastClaim = {Long.MIN_VALUE / 2};
    List<String> unacked = new ArrayList<>(); // this loop's, used serially
    boolean[] lost = {false}; // a read failed: Redis may have delivered what it did not answer
    FailureStreak streak =
        new FailureStreak(
            log,
            "consumer " + settings.consumer() + ", partition " + partition,
            () -> settings.scheduler().now(TimeUnit.MILLISECONDS));
    return Mono.defer(
            () -> {
              long now = settings.scheduler().now(TimeUnit.MILLISECONDS);
              Mono<List<StreamEntry>> claimed = Mono.just(List.of());
              if (!lost[0] && now - lastClaim[0] >= settings.claimEvery().toMillis()) {
                lastClaim[0] = now;
                claimed = claim(stream, dlq);
              }
              // not retried here: a failed ack fails the round, which is tried again
              Mono<Boolean> acking =
                  ackOnce(stream, List.copyOf(unacked))
                      .doOnSuccess(v -> unacked.clear())
                      .thenReturn(true);
              Mono<List<StreamEntry>> reading =
                  claimed.zipWith(read(stream, dlq, lost), EventSource::concat);
              // after a lost read the ack goes first, so that what is pending was not handled
              return (lost[0]
                      ? acking.then(reading)
                      : Mono.zipDelayError(acking, reading).map(t -> t.getT2()))
                  // handlers and decoding run off the Redis connection's I/O thread
                  .publishOn(settings.scheduler())
                  .flatMap(
                      entries ->
                          entries.isEmpty()
                              ? Mono.delay(settings.poll(), settings.scheduler()).then()
                              : handle(stream, dlq, entries).doOnNext(unacked::addAll).then())
                  .doOnSuccess(v -> streak.succeeded());
            })
        .onErrorResume(
            e -> {
              lost[0] = true;
              streak.failed(Exceptions.unwrapMultiple(e).get(0)); // the ack's or the read's
              return Mono.delay(settings.poll().multipliedBy(10), settings.scheduler()).then();
            })
        .repeat(() -> !stopping.get())
        .then(Mono.defer(() -> lastAck(partition, stream, unacked)));
  }

  /** The ack of what a stopping loop handled, tried for {@link #FINAL_ACK} at most. */
  private Mono<Void> lastAck(int partition, String stream, List<String> unacked) {
    return ack(stream, List.copyOf(unacked))
        .timeout(FINAL_ACK, settings.scheduler())
        .onErrorResume(
            e -> {
              log.warn(
                  "partition {}: stopped without acking {} handled entries ({}); another consumer"
                      + " handles them again after minIdle",
                  partition,
                  unacked.size(),
                  e.toString());
              return Mono.empty();
            });
  }

  private static List<StreamEntry> concat(List<StreamEntry> a, List<StreamEntry> b) {
    if (a.isEmpty()) {
      return b;
    }
    List<StreamEntry> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The entries not yet delivered to the group; after a failed read ({@code lost}), first those
   * delivered to this consumer and not acked, with their delivery counts, so none waits for {@code
   * minIdle}. Entries that are not events go to the dead letters.
   */
  private Mono<List<StreamEntry>> read(String stream, String dlq, boolean[] lost) {
    if (lost[0]) {
      return redis
          .run(
              FanoutScripts.OWN_PENDING,
              List.of(stream),
              List.of(settings.group(), settings.consumer(), Integer.toString(settings.batch())))
          .doOnSuccess(r -> lost[0] = false)
          .flatMap(reply -> readable(stream, dlq, reply));
    }
    return redis
        .readGroup(
            stream, settings.group(), settings.consumer(), settings.batch(), StreamEntry.FIELDS)
        .flatMap(
            entries -> {
              List<StreamEntry> parsed = new ArrayList<>(entries.size());
              List<StreamEntry.Malformed> malformed = new ArrayList<>();
              for (List<String> e : entries) {
                try {
                  parsed.add(StreamEntry.fromFields(e, 1));
                } catch (RedisCoordinationException x) {
                  malformed.add(new StreamEntry.Malformed(e.get(0), 1, x.getMessage()));
                }
              }
              return deadLetters(stream, dlq, malformed).thenReturn(parsed);
            });
  }

  private Mono<List<StreamEntry>> claim(String stream, String dlq) {
    return redis
        .run(
            FanoutScripts.CLAIM,
            List.of(stream, dlq),
            List.of(
                settings.group(),
                settings.consumer(),
                Long.toString(settings.minIdle().toMillis()),
                Integer.toString(settings.batch()),
                Integer.toString(settings.maxDeliveries())))
        .flatMap(reply -> readable(stream, dlq, reply));
  }

  /** The events of a script's read reply; the entries that are not events are dead-lettered. */
  private Mono<List<StreamEntry>> readable(String stream, String dlq, List<Object> reply) {
    List<StreamEntry.Malformed> malformed = new ArrayList<>();
    List<StreamEntry> parsed = StreamEntry.parse(reply, malformed);
    return deadLetters(stream, dlq, malformed).thenReturn(parsed);
  }

  /** An entry no handler can read would fail on every delivery: it goes to the dead letters. */
  private Mono<Void> deadLetters(String stream, String dlq, List<StreamEntry.Malformed> malformed) {
    return Flux.fromIterable(malformed)
        .concatMap(
            m -> {
              log.warn("entry {} is not an event; dead-lettered: {}", m.id(), m.error());
              return deadLetter(stream, dlq, m.id(), m.deliveries(), "BAD_REPLY " + m.error());
            })
        .then();
  }

  /**
   * Handles the entries (each shard's in order); emits the ids to ack. While they are handled, the
   * entries are kept from a claim by another consumer every {@code minIdle / 3}: a slow batch is
   * not a dead consumer.
   */
  private Mono<List<String>> handle(String stream, String dlq, List<StreamEntry> entries) {
    Map<Integer, List<StreamEntry>> byShard = new LinkedHashMap<>();
    for (StreamEntry e : entries) {
      byShard.computeIfAbsent(e.shard().id(), s -> new ArrayList<>()).add(e);
    }
    List<String> done = Collections.synchronizedList(new ArrayList<>(entries.size()));
    Mono<List<String>> handling =
        Flux.fromIterable(byShard.values())
            .flatMap(
                list ->
                    Flux.fromIterable(list)
                        .concatMap(
                            e ->
                                handlers
                                    .handle(e)
                                    .doOnSuccess(v -> done.add(e.id()))
                                    .onErrorResume(x -> failed(stream, dlq, e, x))),
                Math.max(1, byShard.size()))
            .then(Mono.fromSupplier(() -> List.copyOf(done)));
    return Mono.using(() -> keepOwning(stream, entries), k -> handling, Disposable::dispose);
  }

  /** Resets the idle time of the entries in hand every {@code minIdle / 3} until disposed. */
  private Disposable keepOwning(String stream, List<StreamEntry> entries) {
    Duration every = settings.minIdle().dividedBy(3);
    List<String> args = new ArrayList<>(entries.size() + 2);
    args.add(settings.group());
    args.add(settings.consumer());
    entries.forEach(e -> args.add(e.id()));
    return Flux.interval(every, every, settings.scheduler())
        .concatMap(
            t ->
                redis
                    .run(FanoutScripts.KEEP, List.of(stream), args)
                    .doOnError(e -> log.debug("keeping {} entries failed: {}", entries.size(), e))
                    .onErrorResume(e -> Mono.empty()))
        .subscribe();
  }

  private Mono<Void> failed(String stream, String dlq, StreamEntry e, Throwable error) {
    if (e.deliveries() < settings.maxDeliveries()) {
      log.debug("entry {} ({}) failed, delivery {}: {}", e.id(), e.key(), e.deliveries(), error);
      return Mono.empty();
    }
    log.warn(
        "entry {} ({}) failed {} times; dead-lettered: {}",
        e.id(),
        e.key(),
        e.deliveries(),
        error.toString());
    // the next handler runs off the Redis connection's I/O thread, where the dead letter completes
    return deadLetter(stream, dlq, e.id(), e.deliveries(), String.valueOf(error))
        .publishOn(settings.scheduler());
  }

  /** Copies the entry with {@code error} to the dead letters and acks it (if still pending). */
  private Mono<Void> deadLetter(
      String stream, String dlq, String id, long deliveries, String error) {
    return retrying(
            redis.run(
                FanoutScripts.DEAD,
                List.of(stream, dlq),
                List.of(settings.group(), id, Long.toString(deliveries), error)))
        .doOnNext(
            r -> {
              if (!r.isEmpty() && r.get(0) instanceof Number moved && moved.longValue() == 1) {
                deadLettered.incrementAndGet();
              }
            })
        .then();
  }

  private Mono<Void> ack(String stream, List<String> ids) {
    return retrying(ackOnce(stream, ids));
  }

  private Mono<Void> ackOnce(String stream, List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.empty();
    }
    return redis.ack(stream, settings.group(), ids).doOnNext(acked::addAndGet).then();
  }

  /** Acks and dead letters are idempotent: retried while Redis is unavailable. */
  private <T> Mono<T> retrying(Mono<T> write) {
    return write.retryWhen(
        Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50))
            .maxBackoff(Duration.ofSeconds(1))
            .scheduler(settings.scheduler())
            .filter(x -> RedisCoordinationException.is(x, Kind.UNAVAILABLE)));
  }

  @Override
  public String toString() {
    return "EventSource["
        + keys.cluster()
        + " "
        + settings.group()
        + "/"
        + settings.consumer()
        + "]";
  }
}
