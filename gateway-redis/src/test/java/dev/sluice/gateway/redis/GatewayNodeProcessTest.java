package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Frame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A publishing gateway node killed with {@code kill -9} mid-stream, once the cluster settled: its
 * shards resume on the other node, and the streams hold every dispatched event once, with no gap in
 * any session's sequence.
 */
class GatewayNodeProcessTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final int SHARDS = 8;
  private FanoutRig rig;
  private Process child;
  private Disposable producer;
  private final Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
  // The killed node's last lines (it logs dev.sluice at INFO), printed when the test fails.
  private final ConcurrentLinkedDeque<String> childLog = new ConcurrentLinkedDeque<>();
  private static final Pattern SESSION_ID = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");

  @AfterEach
  void close() {
    if (producer != null) {
      producer.dispose();
    }
    if (child != null) {
      child.destroyForcibly();
    }
    if (rig != null) {
      rig.close();
    }
  }

  private Process node(String name, AtomicReference<String> holding) throws IOException {
    Process process =
        ChildProcess.java(
            Stream.concat(ChildProcess.SMALL_JVM.stream(), Stream.of("-Dsluice.log.level=INFO"))
                .toList(),
            PublishingNodeMain.class,
            List.of(
                server.uri(),
                rig.gateway.url(),
                FanoutRig.TOKEN,
                rig.keys.cluster(),
                Integer.toString(rig.keys.partitions()),
                name,
                Integer.toString(SHARDS),
                Long.toString(FanoutRig.TTL.toMillis())));
    ChildProcess.follow(
        process,
        "node-" + name,
        line -> {
          if (line.startsWith("HOLD ")) {
            holding.set(line.substring(5));
          }
          childLog.add(line);
          if (childLog.size() > 300) {
            childLog.poll();
          }
        });
    return process;
  }

  /** A name rendezvous placement gives some but not all shards next to {@code other}. */
  private static String sharingWith(String other) {
    for (int i = 0; ; i++) {
      String candidate = "a" + i;
      long mine =
          IntStream.range(0, SHARDS)
              .filter(s -> candidate.equals(Rendezvous.owner(List.of(other, candidate), s)))
              .count();
      if (mine >= 2 && mine <= SHARDS - 2) {
        return candidate;
      }
    }
  }

  @Test
  void aKilledNodesShardsResumeElsewhereAndTheStreamsHaveNoGapAndNoDuplicate() throws Exception {
    rig = new FanoutRig(server, "nodes", SHARDS);
    AtomicReference<String> holding = new AtomicReference<>("[]");
    child = node(sharingWith("b"), holding);
    FanoutRig.Node b = rig.new Node("b");
    int rounds = awaitSettled(b, holding);
    String settled = holding.get();
    int total = 4000;
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(Duration.ofMillis(2))
            .takeWhile(i -> n.get() < total)
            .subscribe(
                i -> {
                  for (int j = 0; j < 4 && n.get() < total; j++) {
                    int k = n.getAndIncrement();
                    if (rig.gateway.dispatchToShard(k % SHARDS, "SLUICE_TEST", "{\"n\":" + k + "}")
                        > 0) {
                      dispatched.add(k);
                    }
                  }
                });
    Conditions.await(FanoutRig.WAIT, () -> n.get() > 1000, () -> "dispatched " + n.get());
    String held = holding.get();
    assertThat(held).as("the child's shards did not move before the kill").isEqualTo(settled);
    child.destroyForcibly();
    System.out.printf("node kill -9: settled after %d warm-up round(s)%n", rounds);
    try {
      afterTheKill(b, held, () -> n.get() >= total);
    } catch (AssertionError e) {
      System.out.println(diagnosis(b));
      throw e;
    }
  }

  /**
   * Waits until the cluster settled: the two nodes hold every shard between them, and a round of
   * warm-up events, one per shard, is in the streams with no READY or RESUMED sent since the round
   * began. Then every shard's session is stored with every dispatch before the warm-up, its READY
   * or RESUMED included. A node killed before that loses what nobody can replay: the events of a
   * session whose READY it never stored, or a RESUMED it never published (docs/fanout.md, "Known
   * limits"). This test kills a node mid-stream, after the cluster settled.
   */
  private int awaitSettled(FanoutRig.Node b, AtomicReference<String> holding) {
    for (int round = 0; ; round++) {
      Conditions.await(
          FanoutRig.WAIT,
          () -> placed(b, holding) && rig.gateway.openConnections() == SHARDS,
          () -> "child holds " + holding.get() + ", b " + b.cluster.shardIds());
      String placement = holding.get() + b.cluster.shardIds();
      int marks = handshakes();
      String type = "SLUICE_WARM_" + round;
      Set<Integer> sent = new TreeSet<>();
      Conditions.await(
          FanoutRig.WAIT,
          () -> {
            for (int s = 0; s < SHARDS; s++) {
              if (!sent.contains(s) && rig.gateway.dispatchToShard(s, type, "{}") > 0) {
                sent.add(s);
              }
            }
            return sent.size() == SHARDS && shardsWith(b, type).size() == SHARDS;
          },
          () -> type + " sent to " + sent + ", in the streams for " + shardsWith(b, type));
      if (handshakes() == marks && placement.equals(holding.get() + b.cluster.shardIds())) {
        return round + 1;
      }
    }
  }

  /** Every shard held by exactly one of the two nodes, each holding some. */
  private static boolean placed(FanoutRig.Node b, AtomicReference<String> holding) {
    Set<Integer> child = held(holding.get());
    Set<Integer> all = new TreeSet<>(child);
    all.addAll(b.cluster.shardIds());
    return !child.isEmpty()
        && child.size() + b.cluster.shardIds().size() == SHARDS
        && all.size() == SHARDS;
  }

  /** READY and RESUMED dispatches the fake sent so far. */
  private int handshakes() {
    return rig.gateway.transcript().dispatched("READY").size()
        + rig.gateway.transcript().dispatched("RESUMED").size();
  }

  private static Set<Integer> held(String holding) {
    Set<Integer> ids = new TreeSet<>();
    Matcher m = Pattern.compile("\\d+").matcher(holding);
    while (m.find()) {
      ids.add(Integer.parseInt(m.group()));
    }
    return ids;
  }

  /** The shards that have an event of {@code type} in the streams. */
  private Set<Integer> shardsWith(FanoutRig.Node b, String type) {
    Set<Integer> shards = new TreeSet<>();
    for (Map<String, String> e : StreamProbe.events(b.redis, rig.keys)) {
      if (type.equals(e.get("t"))) {
        shards.add(Integer.parseInt(e.get("s")));
      }
    }
    return shards;
  }

  private void afterTheKill(FanoutRig.Node b, String held, BooleanSupplier allDispatched)
      throws InterruptedException {
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Conditions.await(
        FanoutRig.WAIT,
        () -> b.cluster.shardIds().size() == SHARDS && allDispatched.getAsBoolean(),
        () -> "b holds " + b.cluster.shardIds());
    // XLEN while waiting (reading whole streams every 10 ms would starve Redis and the leases)
    Conditions.await(
        FanoutRig.WAIT,
        () -> StreamProbe.length(b.redis, rig.keys) >= dispatched.size(),
        () -> "appended " + StreamProbe.length(b.redis, rig.keys) + " of " + dispatched.size());
    long deadline = System.nanoTime() + FanoutRig.WAIT.toNanos();
    while (!appendedTests(b).keySet().containsAll(dispatched)) {
      assertThat(System.nanoTime())
          .as("appended every dispatched event in time")
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
    }

    Map<String, TreeSet<Long>> bySession = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    List<Map<String, String>> all = StreamProbe.events(b.redis, rig.keys);
    for (Map<String, String> e : all) {
      String session = e.get("s") + "/" + e.get("i");
      if (!bySession
          .computeIfAbsent(session, s -> new TreeSet<>())
          .add(Long.parseLong(e.get("q")))) {
        duplicates.add(session + "/" + e.get("q"));
      }
    }
    List<String> gaps = new ArrayList<>();
    bySession.forEach(
        (session, seqs) -> {
          if (seqs.last() - seqs.first() + 1 != seqs.size()) {
            List<Long> missing =
                java.util.stream.LongStream.rangeClosed(seqs.first(), seqs.last())
                    .filter(q -> !seqs.contains(q))
                    .boxed()
                    .toList();
            gaps.add(session + " " + seqs.first() + ".." + seqs.last() + " misses " + missing);
          }
        });
    System.out.printf(
        "node kill -9: child held %s; %d sessions, %d identifies, %d events appended%n",
        held, bySession.size(), rig.gateway.sessionsStarted(), appendedTests(b).size());
    assertThat(duplicates).as("appended twice").isEmpty();
    assertThat(gaps).as("sequence gaps").isEmpty();
    assertThat(appendedTests(b).values()).allMatch(c -> c == 1);
    assertThat(rig.gateway.sessionsStarted()).as("moved shards resumed").isEqualTo(SHARDS);
  }

  /**
   * What a failure needs: per shard, test events dispatched against appended; every RESUMED the
   * fake sent (its sequence number is never replayed) with the session it resumed; the killed
   * node's last lines.
   */
  private String diagnosis(FanoutRig.Node b) {
    StringBuilder out = new StringBuilder("--- GatewayNodeProcessTest diagnosis\n");
    try {
      Map<Integer, Integer> appended = appendedTests(b);
      for (int s = 0; s < SHARDS; s++) {
        int shard = s;
        out.append(
            String.format(
                "shard %d: %d test events dispatched, %d appended%n",
                shard,
                dispatched.stream().filter(k -> k % SHARDS == shard).count(),
                appended.keySet().stream().filter(k -> k % SHARDS == shard).count()));
      }
    } catch (RuntimeException e) {
      out.append("streams unreadable: ").append(e).append('\n');
    }
    Map<Integer, String> sessions = new HashMap<>();
    for (Frame.Payload p : rig.gateway.transcript().received(Opcode.RESUME)) {
      sessions.put(p.connection(), sessionId(p.json()));
    }
    for (Frame.Payload p : rig.gateway.transcript().dispatched("READY")) {
      sessions.put(p.connection(), sessionId(p.json()));
    }
    for (Frame.Payload p : rig.gateway.transcript().dispatched("RESUMED")) {
      out.append(
          String.format(
              "RESUMED seq %s on connection %d (session %s)%n",
              p.sequence(), p.connection(), sessions.get(p.connection())));
    }
    out.append("killed node's last lines:\n");
    childLog.forEach(line -> out.append("  ").append(line).append('\n'));
    return out.toString();
  }

  private static String sessionId(String json) {
    Matcher m = SESSION_ID.matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  private Map<Integer, Integer> appendedTests(FanoutRig.Node b) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (Map<String, String> e : StreamProbe.events(b.redis, rig.keys)) {
      if ("SLUICE_TEST".equals(e.get("t"))) {
        counts.merge(FanoutRig.n(e.get("d")), 1, Integer::sum);
      }
    }
    return counts;
  }
}
