package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.event.RawEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A worker's read whose reply is lost (Redis ran it after the command timed out on the client): the
 * entries it delivered are pending for this consumer, and the worker reads them back at once
 * instead of leaving them to a claim after {@code minIdle}.
 */
class LostReadTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** KEYS stream; ARGV count. Appends entries, then keeps Redis busy for a second. */
  private static final LuaScript APPEND_THEN_STALL =
      new LuaScript(
          "test-append-then-stall",
          """
          for n = 1, tonumber(ARGV[1]) do
            redis.call('XADD', KEYS[1], '*', 'h', '0 1 1 ' .. n .. ' sid SLUICE_TEST',
                'd', '{"n":' .. n .. '}')
          end
          local t = redis.call('TIME')
          repeat
            local now = redis.call('TIME')
          until (now[1] - t[1]) * 1000000 + (now[2] - t[2]) > 1000000
          return 1
          """);

  @Test
  void entriesOfALostReadAreHandledWithoutWaitingForMinIdle() {
    RedisKeyspace keys = new RedisKeyspace("lost-read", 1);
    String stream = StreamKeys.events(keys, 0);
    LettuceAdapter probe = Probe.connect(server);
    LettuceAdapter redis = LettuceAdapter.connect(server.uri(), Duration.ofMillis(300)).block(WAIT);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    EventSource source =
        EventSource.builder(redis, keys, "svc", "w1")
            .poll(Duration.ofMillis(5))
            .on(RawEvent.class, e -> Mono.fromRunnable(() -> handled.add(e.json())).then())
            .build();
    assertThat(source.toString()).contains("svc/w1");
    Disposable running = source.run().subscribe();
    try {
      probe.run(APPEND_THEN_STALL, List.of(stream), List.of("1")).block(WAIT);
      Conditions.await(WAIT, () -> handled.size() == 1, () -> "the worker runs: " + handled);
      probe.run(APPEND_THEN_STALL, List.of(stream), List.of("100")).block(WAIT);
      // the worker's reads during the stall timed out; one of them delivered the 100 entries
      Conditions.await(
          WAIT, () -> handled.size() == 100, () -> "handled " + handled.size() + " of 100");
      Conditions.await(
          WAIT,
          () -> StreamProbe.pending(probe, keys, "svc") == 0,
          () -> "pending " + StreamProbe.pending(probe, keys, "svc"));
    } finally {
      running.dispose();
      redis.close().block(WAIT);
      probe.close().block(WAIT);
    }
  }

  /**
   * Reading a lost read's entries back delivers them again, and Redis counts it: a handler that
   * always fails sees that count, so with {@code maxDeliveries} 2 its entries reach the dead
   * letters with its error at once, not after {@code minIdle} with "delivered N times".
   */
  @Test
  void entriesOfALostReadCarryTheirDeliveryCount() {
    RedisKeyspace keys = new RedisKeyspace("lost-read-count", 1);
    String stream = StreamKeys.events(keys, 0);
    LettuceAdapter probe = Probe.connect(server);
    LettuceAdapter redis = LettuceAdapter.connect(server.uri(), Duration.ofMillis(300)).block(WAIT);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    AtomicBoolean failing = new AtomicBoolean();
    EventSource source =
        EventSource.builder(redis, keys, "svc", "w1")
            .poll(Duration.ofMillis(5))
            .maxDeliveries(2)
            .on(
                RawEvent.class,
                e ->
                    failing.get()
                        ? Mono.error(new IllegalStateException("fails again"))
                        : Mono.fromRunnable(() -> handled.add(e.json())).then())
            .build();
    Disposable running = source.run().subscribe();
    try {
      probe.run(APPEND_THEN_STALL, List.of(stream), List.of("1")).block(WAIT);
      Conditions.await(WAIT, () -> handled.size() == 1, () -> "the worker runs: " + handled);
      failing.set(true);
      probe.run(APPEND_THEN_STALL, List.of(stream), List.of("20")).block(WAIT);
      Conditions.await(
          WAIT,
          () -> source.deadLettered() == 20,
          () -> "dead-lettered " + source.deadLettered() + " of 20");
      List<Map<String, String>> dead =
          StreamProbe.entries(probe, List.of(StreamKeys.deadLetters(keys, 0, "svc")));
      assertThat(dead).hasSize(20);
      assertThat(dead)
          .allSatisfy(
              d -> {
                assertThat(d.get("error")).contains("fails again");
                assertThat(Long.parseLong(d.get("deliveries"))).isGreaterThanOrEqualTo(2);
              });
    } finally {
      running.dispose();
      redis.close().block(WAIT);
      probe.close().block(WAIT);
    }
  }
}
