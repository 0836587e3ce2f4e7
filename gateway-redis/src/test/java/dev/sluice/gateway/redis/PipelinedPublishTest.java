package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.RawJson;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Two publish scripts in flight per shard: the script refuses a batch that does not continue its
 * publisher's stored batches, and the gate re-sends in order, so a failed batch followed by a
 * stored one never leaves a hole or a duplicate.
 */
class PipelinedPublishTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final long SEED = Long.getLong("sluice.seed", System.nanoTime());
  private static final ShardInfo SHARD = new ShardInfo(0, 1);

  private LettuceAdapter redis;
  private RedisKeyspace keys;
  private RedisShardLeases node;
  private ShardLease lease;

  @BeforeEach
  void connect() {
    redis = Probe.connect(server);
    keys = new RedisKeyspace("pipelined-" + CLUSTERS.incrementAndGet(), 2);
    node = RedisShardLeases.builder(redis, keys, "a", 1).leaseTtl(RedisShardLeasesTest.TTL).build();
    node.join().block(WAIT);
    Conditions.await(WAIT, () -> !node.held().isEmpty(), () -> "no lease");
    lease = node.held().get(0);
  }

  @AfterEach
  void close() {
    node.halt();
    redis.close().block(WAIT);
  }

  private static RawEvent event(String type, long seq, String json) {
    return new RawEvent(new EventMeta(type, SHARD, seq, Instant.EPOCH), RawJson.of(json));
  }

  /** A READY (sequence 1) then SLUICE_TEST events 2..{@code last}, in batches of {@code size}. */
  private static List<List<RawEvent>> batches(long last, int size) {
    List<RawEvent> all = new ArrayList<>();
    all.add(event("READY", 1, "{\"session_id\":\"s1\",\"resume_gateway_url\":\"wss://r.test\"}"));
    for (long q = 2; q <= last; q++) {
      all.add(event("SLUICE_TEST", q, "{\"n\":" + q + "}"));
    }
    List<List<RawEvent>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }

  private static List<String> ids(List<RawEvent> batch) {
    return batch.stream().map(e -> "s1").toList();
  }

  private Session session(long seq) {
    return new Session("s1", "wss://r.test", seq, SHARD);
  }

  private List<Long> streamSequences() {
    return StreamProbe.events(redis, keys).stream().map(e -> Long.parseLong(e.get("q"))).toList();
  }

  private long storedSequence() {
    return RedisSessionStore.forLease(redis, keys, lease).load(SHARD).block(WAIT).sequence();
  }

  @Test
  void aBatchThatDoesNotContinueItsPublishersStoredBatchIsRefusedAndAppendsNothing() {
    BatchStore store = EventSink.create(redis, keys).batches(lease);
    assertThat(store.inFlight()).isEqualTo(2);
    List<List<RawEvent>> b = batches(9, 3); // 1..3, 4..6, 7..9

    assertThatThrownBy(() -> store.store(session(6), ids(b.get(1)), b.get(1), 2, false).block(WAIT))
        .isInstanceOfSatisfying(
            RedisCoordinationException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.OUT_OF_ORDER))
        .hasMessageContaining("does not continue");
    assertThat(streamSequences()).isEmpty();

    store.store(session(3), ids(b.get(0)), b.get(0), 1, false).block(WAIT);
    assertThatThrownBy(() -> store.store(session(9), ids(b.get(2)), b.get(2), 3, false).block(WAIT))
        .isInstanceOfSatisfying(
            RedisCoordinationException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.OUT_OF_ORDER));
    assertThat(streamSequences()).containsExactly(1L, 2L, 3L);
    assertThat(storedSequence()).isEqualTo(3);

    store.store(session(6), ids(b.get(1)), b.get(1), 2, false).block(WAIT);
    store.store(session(9), ids(b.get(2)), b.get(2), 3, false).block(WAIT);
    // sent again (a re-send after a reconnect): nothing twice
    store.store(session(6), ids(b.get(1)), b.get(1), 2, false).block(WAIT);
    store.store(session(3), ids(b.get(0)), b.get(0), 1, false).block(WAIT);
    assertThat(streamSequences()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(storedSequence()).isEqualTo(9);

    // another publisher of the same lease (a new shard run) starts over at its batch 1, and
    // appends only what is above the stored sequence
    BatchStore next = EventSink.create(redis, keys).batches(lease);
    List<List<RawEvent>> more = batches(12, 6); // 1..6, 7..12
    next.store(session(12), ids(more.get(1)), more.get(1), 1, false).block(WAIT);
    assertThat(streamSequences())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertThat(storedSequence()).isEqualTo(12);
  }

  /**
   * Batches through the gate, two in flight, with failures injected at random (seeded): some
   * batches fail before reaching Redis (the next one is then refused as out of order), some after
   * Redis stored them (the reply is lost; the re-send appends nothing).
   */
  @Test
  void pipelinedBatchesKeepTheirOrderAndLeaveNoHoleAfterInjectedFailures() {
    SplittableRandom random = new SplittableRandom(SEED);
    int[] plan = random.ints(100, 0, 6).toArray(); // per batch number: 0 fails before, 1 after
    String replay = " (replay with -Dsluice.seed=" + SEED + ")";
    BatchStore sink = EventSink.create(redis, keys).batches(lease);
    Set<Long> failedBefore = ConcurrentHashMap.newKeySet();
    Set<Long> failedAfter = ConcurrentHashMap.newKeySet();
    Map<Kind, AtomicInteger> refusals = new ConcurrentHashMap<>();
    BatchStore faulty =
        new BatchStore() {
          @Override
          public Mono<Void> store(
              Session last,
              List<String> sessionIds,
              List<RawEvent> batch,
              long number,
              boolean rebase) {
            Mono<Void> real =
                sink.store(last, sessionIds, batch, number, rebase)
                    .doOnError(
                        e -> {
                          if (e instanceof RedisCoordinationException r) {
                            refusals
                                .computeIfAbsent(r.kind(), k -> new AtomicInteger())
                                .getAndIncrement();
                          }
                        });
            return Mono.defer(
                () -> {
                  int dice = plan[(int) number];
                  if (dice == 0 && failedBefore.add(number)) {
                    return Mono.error(unavailable("before"));
                  }
                  if (dice == 1 && failedAfter.add(number)) {
                    return real.then(Mono.error(unavailable("after")));
                  }
                  return real;
                });
          }

          @Override
          public int inFlight() {
            return sink.inFlight();
          }
        };
    SequenceGate gate =
        new SequenceGate(
            SHARD, RedisSessionStore.forLease(redis, keys, lease), Schedulers.parallel(), faulty);
    List<List<RawEvent>> batches = batches(3000, 50);

    List<List<RawEvent>> delivered =
        gate.accepting(Flux.fromIterable(batches)).collectList().block(WAIT);

    assertThat(delivered).as("delivered in order" + replay).isEqualTo(batches);
    List<Long> expected = new ArrayList<>();
    for (long q = 1; q <= 3000; q++) {
      expected.add(q);
    }
    assertThat(streamSequences()).as("no hole, no duplicate" + replay).isEqualTo(expected);
    assertThat(storedSequence()).isEqualTo(3000);
    assertThat(gate.accepted()).isEqualTo(3000);
    assertThat(failedBefore).as("failures before Redis" + replay).isNotEmpty();
    assertThat(failedAfter).as("failures after Redis" + replay).isNotEmpty();
    assertThat(refusals.getOrDefault(Kind.OUT_OF_ORDER, new AtomicInteger()).get())
        .as("batches refused as out of order" + replay)
        .isPositive();
  }

  /**
   * Redis loses the record of the last batch stored (a restart that lost the last second of writes
   * with {@code appendfsync everysec}): the next batch is refused although the one before it was
   * stored, so the gate sends it as the first of a new run of batches instead of waiting forever.
   */
  @Test
  void aLostRecordOfTheLastBatchDoesNotStallTheShard() {
    SequenceGate gate =
        new SequenceGate(
            SHARD,
            RedisSessionStore.forLease(redis, keys, lease),
            Schedulers.parallel(),
            EventSink.create(redis, keys).batches(lease));
    Sinks.Many<List<RawEvent>> input = Sinks.many().unicast().onBackpressureBuffer();
    List<List<RawEvent>> delivered = new CopyOnWriteArrayList<>();
    Disposable pipeline = gate.accepting(input.asFlux()).subscribe(delivered::add);
    List<List<RawEvent>> batches = batches(1000, 50);
    try {
      batches.subList(0, 10).forEach(input::tryEmitNext);
      Conditions.await(WAIT, () -> delivered.size() == 10, () -> "delivered " + delivered.size());
      Probe.del(redis, StreamKeys.published(keys, SHARD.id()));
      batches.subList(10, 20).forEach(input::tryEmitNext);
      Conditions.await(WAIT, () -> delivered.size() == 20, () -> "delivered " + delivered.size());
    } finally {
      pipeline.dispose();
    }
    assertThat(delivered).isEqualTo(batches);
    List<Long> expected = new ArrayList<>();
    for (long q = 1; q <= 1000; q++) {
      expected.add(q);
    }
    assertThat(streamSequences()).isEqualTo(expected);
    assertThat(storedSequence()).isEqualTo(1000);
  }

  private static RedisCoordinationException unavailable(String when) {
    return RedisCoordinationException.of(Kind.UNAVAILABLE, "injected failure " + when + " redis");
  }
}
