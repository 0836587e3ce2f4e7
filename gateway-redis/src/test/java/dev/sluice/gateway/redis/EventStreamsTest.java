package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.event.RawEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Watching and trimming the event streams: lag and pending per group, a trim that keeps what a
 * group has not read, and a cap that deletes it anyway and says how much.
 */
class EventStreamsTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final LuaScript GROUP =
      new LuaScript(
          "test-group",
          """
          if ARGV[1] == 'CREATE' then
            return redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[2], '0', 'MKSTREAM')
          end
          return redis.call('XGROUP', 'DESTROY', KEYS[1], ARGV[2])
          """);

  private FanoutRig rig;

  @AfterEach
  void close() {
    if (rig != null) {
      rig.close();
    }
  }

  private void groups(LettuceAdapter redis, String op, String name) {
    for (int p = 0; p < rig.keys.partitions(); p++) {
      redis
          .run(GROUP, List.of(StreamKeys.events(rig.keys, p)), List.of(op, name))
          .block(FanoutRig.WAIT);
    }
  }

  @Test
  void trimKeepsWhatAGroupHasNotReadUnlessPastTheCapAndSaysSo() {
    rig = new FanoutRig(server, "streams", 4);
    rig.awaitAllShardsRunning(List.of(rig.new Node("a")));
    LettuceAdapter redis = Probe.connect(server);
    rig.closing.add(() -> redis.close().block(FanoutRig.WAIT));
    groups(redis, "CREATE", "slow");
    Set<Integer> handled = ConcurrentHashMap.newKeySet();
    rig
    .new Worker(
        "fast",
        "w1",
        b ->
            b.on(
                RawEvent.class,
                e -> {
                  if ("SLUICE_TEST".equals(e.meta().type())) {
                    handled.add(FanoutRig.n(e.json()));
                  }
                  return Mono.empty();
                }));
    for (int k = 0; k < 200; k++) {
      rig.gateway.dispatchToShard(k % 4, "SLUICE_TEST", "{\"n\":" + k + "}");
    }
    Conditions.await(FanoutRig.WAIT, () -> handled.size() == 200, () -> "handled " + handled);
    EventStreams streams = EventStreams.of(redis, rig.keys);
    Conditions.await(
        FanoutRig.WAIT,
        () ->
            streams
                    .groups()
                    .filter(g -> g.name().equals("fast"))
                    .map(g -> g.pending())
                    .reduce(0L, Long::sum)
                    .block(FanoutRig.WAIT)
                == 0,
        () -> "fast still has pending entries");
    long length = StreamProbe.length(redis, rig.keys);
    List<EventStreams.Group> all = streams.groups().collectList().block(FanoutRig.WAIT);
    assertThat(all).filteredOn(g -> g.name().equals("fast")).allMatch(g -> g.lag() == 0);
    assertThat(all.stream().filter(g -> g.name().equals("slow")).mapToLong(g -> g.lag()).sum())
        .isEqualTo(length);

    assertThat(streams.trim(1_000_000).block(FanoutRig.WAIT)).isZero();
    assertThat(StreamProbe.length(redis, rig.keys)).as("slow has read nothing").isEqualTo(length);

    assertThat(streams.trim(10).block(FanoutRig.WAIT))
        .as("entries slow had not read, deleted past the cap")
        .isEqualTo(length - 10L * rig.keys.partitions());

    groups(redis, "DESTROY", "slow");
    streams.trim(1_000_000).block(FanoutRig.WAIT);
    assertThat(StreamProbe.length(redis, rig.keys))
        .as("only each partition's last read entry is kept")
        .isLessThanOrEqualTo(rig.keys.partitions());
  }

  /** KEYS stream; ARGV group, consumer, count, ack (1/0). Reads as that consumer, acks or not. */
  private static final LuaScript READ_AS =
      new LuaScript(
          "test-read-as",
          """
          local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
              'STREAMS', KEYS[1], '>')
          local n = 0
          if r and r[1] then
            for _, e in ipairs(r[1][2]) do
              if ARGV[4] == '1' then
                redis.call('XACK', KEYS[1], ARGV[1], e[1])
              end
              n = n + 1
            end
          end
          return n
          """);

  private static final LuaScript APPEND =
      new LuaScript(
          "test-append",
          """
          for n = 1, tonumber(ARGV[1]) do
            redis.call('XADD', KEYS[1], '*', 'h', '0 1 1 ' .. n .. ' sid T', 'd', '{}')
          end
          return 1
          """);

  @Test
  void idleConsumersWithNothingPendingAreForgottenAndDeadLettersCapped() {
    RedisKeyspace keys = new RedisKeyspace("hygiene", 2);
    LettuceAdapter redis = Probe.connect(server);
    try {
      String stream = StreamKeys.events(keys, 0);
      redis.run(APPEND, List.of(stream), List.of("5")).block(FanoutRig.WAIT);
      redis.run(GROUP, List.of(stream), List.of("CREATE", "svc")).block(FanoutRig.WAIT);
      redis.run(READ_AS, List.of(stream), List.of("svc", "gone", "2", "1")).block(FanoutRig.WAIT);
      redis.run(READ_AS, List.of(stream), List.of("svc", "holder", "1", "0")).block(FanoutRig.WAIT);
      java.util.concurrent.locks.LockSupport.parkNanos(
          java.time.Duration.ofMillis(300).toNanos()); // Redis' own clock makes them idle
      redis.run(READ_AS, List.of(stream), List.of("svc", "fresh", "1", "1")).block(FanoutRig.WAIT);
      EventStreams streams = EventStreams.of(redis, keys);
      assertThat(streams.groups().collectList().block(FanoutRig.WAIT))
          .singleElement()
          .satisfies(g -> assertThat(g.consumers()).isEqualTo(3));

      // idle past 200 ms with nothing pending: only "gone"; "holder" still holds an entry
      assertThat(
              streams.forgetIdleConsumers(java.time.Duration.ofMillis(200)).block(FanoutRig.WAIT))
          .isEqualTo(1);
      assertThat(streams.groups().collectList().block(FanoutRig.WAIT))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.consumers()).isEqualTo(2);
                assertThat(g.pending()).isEqualTo(1);
              });

      String dlq = StreamKeys.deadLetters(keys, 0, "svc");
      redis.run(APPEND, List.of(dlq), List.of("10")).block(FanoutRig.WAIT);
      assertThat(streams.trimDeadLetters(4).block(FanoutRig.WAIT)).isEqualTo(6);
      assertThat(StreamProbe.entries(redis, List.of(dlq)))
          .hasSize(4)
          .extracting(e -> e.get("q"))
          .containsExactly("7", "8", "9", "10");
      assertThat(streams.trimDeadLetters(4).block(FanoutRig.WAIT)).isZero();
    } finally {
      redis.close().block(FanoutRig.WAIT);
    }
  }
}
