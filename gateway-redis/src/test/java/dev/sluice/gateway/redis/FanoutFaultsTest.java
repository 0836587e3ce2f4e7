package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Fan-out faults that need no process kill: an entry that is not an event, a batch handled for
 * longer than the claim's idle time, and commands queued across a handoff and a reconnect.
 */
class FanoutFaultsTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  /** KEYS stream; ARGV h (or '' for none), d. Appends an entry as a foreign writer would. */
  private static final LuaScript FOREIGN =
      new LuaScript(
          "test-foreign-entry",
          """
          if ARGV[1] == '' then
            return redis.call('XADD', KEYS[1], '*', 'd', ARGV[2])
          end
          return redis.call('XADD', KEYS[1], '*', 'h', ARGV[1], 'd', ARGV[2])
          """);

  private FanoutRig rig;
  private final Map<Integer, List<String>> handled = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    if (rig != null) {
      rig.close();
    }
  }

  private FanoutRig rig(int shards) {
    rig = new FanoutRig(server, "faults-" + CLUSTERS.incrementAndGet(), shards);
    return rig;
  }

  private Mono<Void> record(String worker, RawEvent e) {
    if ("SLUICE_TEST".equals(e.meta().type())) {
      handled.computeIfAbsent(FanoutRig.n(e.json()), k -> new CopyOnWriteArrayList<>()).add(worker);
    }
    return Mono.empty();
  }

  @Test
  void entriesThatAreNotEventsGoToTheDeadLettersAndThePartitionFlowsOn() {
    rig(1);
    rig.awaitAllShardsRunning(List.of(rig.new Node("a")));
    FanoutRig.Worker w =
        rig.new Worker("svc", "w1", b -> b.on(RawEvent.class, e -> record("w1", e)));
    rig.gateway.dispatchToShard(0, "SLUICE_TEST", "{\"n\":0}");
    Conditions.await(FanoutRig.WAIT, () -> handled.size() == 1, () -> "handled " + handled);
    String stream = StreamKeys.events(rig.keys, 0);
    w.redis.run(FOREIGN, List.of(stream), List.of("not a header", "{}")).block(FanoutRig.WAIT);
    w.redis.run(FOREIGN, List.of(stream), List.of("", "{}")).block(FanoutRig.WAIT);
    for (int n = 1; n <= 50; n++) {
      rig.gateway.dispatchToShard(0, "SLUICE_TEST", "{\"n\":" + n + "}");
    }
    Conditions.await(
        FanoutRig.WAIT,
        () -> handled.size() == 51 && w.source.deadLettered() == 2,
        () -> "handled " + handled.size() + ", dead " + w.source.deadLettered());
    List<Map<String, String>> dead =
        StreamProbe.entries(w.redis, List.of(StreamKeys.deadLetters(rig.keys, 0, "svc")));
    assertThat(dead).hasSize(2);
    assertThat(dead).allSatisfy(d -> assertThat(d.get("error")).startsWith("BAD_REPLY"));
    assertThat(dead.get(0).get("error")).contains("not a header".split(" ")[0]);
    assertThat(dead.get(1).get("error")).contains("has no h");
    assertThat(handled.values()).allMatch(l -> l.size() == 1);
    Conditions.await(
        FanoutRig.WAIT,
        () -> StreamProbe.pending(w.redis, rig.keys, "svc") == 0,
        () -> "pending " + StreamProbe.pending(w.redis, rig.keys, "svc"));
  }

  @Test
  void aBatchHandledForLongerThanMinIdleIsNotClaimedByAnotherWorker() {
    rig(1);
    rig.awaitAllShardsRunning(List.of(rig.new Node("a")));
    for (String name : List.of("w1", "w2")) {
      rig
      .new Worker(
          "svc",
          name,
          b ->
              b.minIdle(Duration.ofMillis(300))
                  .claimEvery(Duration.ofMillis(20))
                  .on(
                      RawEvent.class,
                      e -> Mono.delay(Duration.ofMillis(30)).then(record(name, e))));
    }
    int total = 60; // 60 x 30 ms in one shard: at least 1.8 s of handling, minIdle is 0.3 s
    for (int n = 0; n < total; n++) {
      rig.gateway.dispatchToShard(0, "SLUICE_TEST", "{\"n\":" + n + "}");
    }
    Conditions.await(
        FanoutRig.WAIT, () -> handled.size() == total, () -> "handled " + handled.size());
    LettuceAdapter probe = Probe.connect(server);
    try {
      Conditions.await(
          FanoutRig.WAIT,
          () -> StreamProbe.pending(probe, rig.keys, "svc") == 0,
          () -> "pending " + StreamProbe.pending(probe, rig.keys, "svc"));
    } finally {
      probe.close().block(FanoutRig.WAIT);
    }
    assertThat(handled.entrySet())
        .as("handled more than once (claimed while handled)")
        .allSatisfy(e -> assertThat(e.getValue()).as("event %d", e.getKey()).hasSize(1));
  }

  @Test
  void commandsQueuedAcrossAHandoffAndAReconnectAreEachSentOnce() {
    rig(8);
    FanoutRig.Node a = rig.new Node("a");
    rig.awaitAllShardsRunning(List.of(a));
    // a shard that moves to b once b joins
    int shard =
        IntStream.range(0, 8)
            .filter(s -> "b".equals(Rendezvous.owner(List.of("a", "b"), s)))
            .findFirst()
            .orElseThrow();
    FanoutRig.Worker w = rig.new Worker("svc", "w1", b -> b.on(RawEvent.class, e -> Mono.empty()));
    ShardCommands commands = ShardCommands.create(w.redis, rig.keys);
    commands.send(shard, request(1)).block(FanoutRig.WAIT);
    rig.gateway.transcript().awaitReceived(Opcode.REQUEST_GUILD_MEMBERS, 1, FanoutRig.WAIT);
    // queued while the shard moves from a to b
    FanoutRig.Node b = rig.new Node("b");
    for (int i = 2; i <= 6; i++) {
      commands.send(shard, request(i)).block(FanoutRig.WAIT);
    }
    Conditions.await(
        FanoutRig.WAIT,
        () -> b.cluster.shardIds().contains(shard) && !a.cluster.shardIds().contains(shard),
        () -> "a " + a.cluster.shardIds() + ", b " + b.cluster.shardIds());
    rig.gateway.transcript().awaitReceived(Opcode.REQUEST_GUILD_MEMBERS, 6, FanoutRig.WAIT);
    // queued while every connection drops and resumes
    rig.gateway.dropConnections();
    for (int i = 7; i <= 10; i++) {
      commands.send(shard, request(i)).block(FanoutRig.WAIT);
    }
    rig.gateway.transcript().awaitReceived(Opcode.REQUEST_GUILD_MEMBERS, 10, FanoutRig.WAIT);
    List<Integer> nonces =
        rig.gateway.transcript().received(Opcode.REQUEST_GUILD_MEMBERS).stream()
            .map(FanoutFaultsTest::guild)
            .toList();
    assertThat(nonces)
        .as("each command once, in order")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
  }

  private static final LuaScript APPEND =
      new LuaScript(
          "test-append-events",
          """
          for n = 1, tonumber(ARGV[1]) do
            redis.call('XADD', KEYS[1], '*', 'h', '0 1 1 ' .. n .. ' sid SLUICE_TEST',
                'd', '{"n":' .. n .. '}')
          end
          return 1
          """);

  /**
   * SIGTERM on a worker while Redis is down: {@code stop()} tries the last ack for {@link
   * EventSource#FINAL_ACK} and then completes (the entries stay pending for another consumer),
   * instead of retrying forever.
   */
  @Test
  void aWorkerStoppedWhileRedisIsDownGivesUpItsLastAck() throws Exception {
    RedisKeyspace keys = new RedisKeyspace("stop-while-down", 1);
    LettuceAdapter probe = Probe.connect(server);
    LettuceAdapter redis =
        LettuceAdapter.connect(server.uri(), Duration.ofMillis(300)).block(FanoutRig.WAIT);
    Sinks.Empty<Void> release = Sinks.empty();
    AtomicInteger started = new AtomicInteger();
    EventSource source =
        EventSource.builder(redis, keys, "svc", "w1")
            .poll(Duration.ofMillis(5))
            .on(
                RawEvent.class,
                e -> {
                  started.incrementAndGet();
                  return release.asMono();
                })
            .build();
    Disposable running = source.run().subscribe();
    try {
      probe.run(APPEND, List.of(StreamKeys.events(keys, 0)), List.of("3")).block(FanoutRig.WAIT);
      Conditions.await(FanoutRig.WAIT, () -> started.get() == 1, () -> "started " + started);
      server.stop();
      release.tryEmitEmpty(); // the three are handled, their ack cannot be sent
      Conditions.await(FanoutRig.WAIT, () -> started.get() == 3, () -> "started " + started);
      assertThat(source.stop().block(EventSource.FINAL_ACK.multipliedBy(3)))
          .as("stop() completes")
          .isNull();
      assertThat(source.acked()).isZero();
    } finally {
      running.dispose();
      server.start();
      redis.close().block(FanoutRig.WAIT);
      probe.close().block(FanoutRig.WAIT);
    }
  }

  private static RequestGuildMembers request(int i) {
    return RequestGuildMembers.byPrefix(Snowflake.of(1000 + i), "q", 5);
  }

  private static int guild(Frame.Payload p) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"guild_id\":\"?(\\d+)").matcher(p.json());
    if (!m.find()) {
      throw new AssertionError("no guild_id in " + p.json());
    }
    return Integer.parseInt(m.group(1)) - 1000;
  }
}
