package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, acceptance 5: a rolling deploy of every node, one at a time, while events flow. Two
 * node JVMs run 8 shards; a new node joins, an old one leaves on SIGTERM, and again, until both old
 * nodes are replaced. Every shard moves by Resume (no Identify after the first eight), every event
 * is delivered exactly once, and the longest pause of any shard's events is printed.
 */
class RollingDeployProcessTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final int SHARDS = 8;
  private static final long TTL_MS = 2000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ProcessCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aRollingDeployOfEveryNodeHandsEveryShardOverByResume() throws InterruptedException {
    FakeGateway gateway =
        FakeGateway.builder()
            .token(ProcessCluster.TOKEN)
            .shards(SHARDS)
            .maxConcurrency(2)
            .identifyWindow(Duration.ofMillis(250))
            .start();
    cluster =
        new ProcessCluster(
            server,
            "rolling",
            gateway,
            SHARDS,
            List.of("ttl=" + TTL_MS, "concurrency=2", "interval=600"));
    NodeProcess a = cluster.start("a");
    Conditions.await(
        WAIT,
        () -> gateway.sessionsStarted() == SHARDS && a.holds().size() == SHARDS,
        () -> "start: sessions " + gateway.sessionsStarted() + "; " + a + " " + a.output);
    int identifiesAtStart = cluster.identifies();
    cluster.produce(Duration.ofMillis(5));
    cluster.awaitMore(200, WAIT);
    Map<String, Long> phases = new LinkedHashMap<>(); // step -> when it started
    phases.put("join b", System.nanoTime());
    NodeProcess b = cluster.start("b");
    cluster.awaitPlacement(WAIT, a, b);
    cluster.awaitMore(200, WAIT);
    phases.put("join c", System.nanoTime());
    NodeProcess c = cluster.start("c");
    cluster.awaitPlacement(WAIT, a, b, c);
    cluster.awaitMore(200, WAIT);
    List<Long> stops = new ArrayList<>();
    phases.put("leave a", System.nanoTime());
    stops.add(leave(a));
    cluster.awaitPlacement(WAIT, b, c);
    cluster.awaitMore(200, WAIT);
    phases.put("join d", System.nanoTime());
    NodeProcess d = cluster.start("d");
    cluster.awaitPlacement(WAIT, b, c, d);
    cluster.awaitMore(200, WAIT);
    phases.put("leave b", System.nanoTime());
    stops.add(leave(b));
    cluster.awaitPlacement(WAIT, c, d);
    cluster.awaitMore(200, WAIT);
    phases.put("end", System.nanoTime());

    cluster.stopProducing();
    Conditions.await(
        WAIT, () -> cluster.undelivered().isEmpty(), () -> "undelivered: " + cluster.undelivered());
    Map<String, Long> pauses = pausesBySteps(phases);
    long pause = pauses.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf(
        "acceptance 5: rolling deploy a,b -> c,d (joins and SIGTERM leaves one at a time, ttl %d"
            + " ms): %d events, delivered twice %d, duplicate (shard, sid, seq) %d; identifies %d"
            + " at the start, %d after; resumes %d; SIGTERM exits in %s ms; longest pause of a"
            + " shard's events %d ms (by step %s; events every %d ms per shard)%n",
        TTL_MS,
        cluster.deliveries.size(),
        cluster.deliveredTwice().size(),
        cluster.duplicateKeys().size(),
        identifiesAtStart,
        cluster.identifies() - identifiesAtStart,
        cluster.resumes(),
        stops,
        pause,
        pauses,
        5 * SHARDS);
    assertThat(cluster.deliveredTwice()).as("events delivered twice").isEmpty();
    assertThat(cluster.duplicateKeys()).as("(shard, session, seq) delivered twice").isEmpty();
    assertThat(cluster.sessionsByShard()).hasSize(SHARDS);
    assertThat(cluster.sessionsByShard().values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(cluster.identifies())
        .as("no Identify after the first ones")
        .isEqualTo(identifiesAtStart);
    assertThat(gateway.sessionsStarted()).isEqualTo(SHARDS);
    // Every shard left a and b: each was resumed at least once.
    assertThat(cluster.resumes()).isGreaterThanOrEqualTo(SHARDS);
    assertThat(pause).as("longest pause").isLessThan(2 * TTL_MS);
  }

  /** SIGTERM: the node hands its shards over and exits; returns how long that took (ms). */
  private long leave(NodeProcess node) throws InterruptedException {
    long start = System.nanoTime();
    node.signal("TERM");
    assertThat(node.process.waitFor(30, TimeUnit.SECONDS)).as(node.name + " exits").isTrue();
    assertThat(node.process.exitValue()).as(node.name + " exit status").isIn(0, 143);
    assertThat(node.output).as(node.name).contains("STOPPED");
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The longest pause of any shard's events during each step (until the next one began). */
  private Map<String, Long> pausesBySteps(Map<String, Long> phases) {
    Map<String, Long> pauses = new LinkedHashMap<>();
    List<Long> marks = List.copyOf(phases.values());
    List<String> steps = List.copyOf(phases.keySet());
    for (int i = 0; i + 1 < marks.size(); i++) {
      pauses.put(steps.get(i), cluster.longestPauseMillis(marks.get(i), marks.get(i + 1)));
    }
    return pauses;
  }
}
