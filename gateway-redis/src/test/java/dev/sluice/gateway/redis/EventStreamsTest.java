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
}
