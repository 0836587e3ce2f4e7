package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, acceptance 3: a node JVM stopped with {@code SIGSTOP} past its leases (as a long GC
 * pause would), then continued with {@code SIGCONT}. Its shards move to the other node by Resume;
 * when it wakes, Redis refuses its writes under the old fences, it delivers nothing the other node
 * delivered, and it rejoins: it takes shards again and delivers their events.
 */
class ZombieProcessTest {

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
  void aNodeStoppedPastItsLeasesIsRefusedByRedisDeliversNothingTwiceAndRejoins() {
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
            "zombie",
            gateway,
            SHARDS,
            List.of("ttl=" + TTL_MS, "concurrency=2", "interval=600"));
    NodeProcess a = cluster.start("a");
    Conditions.await(
        WAIT,
        () -> gateway.sessionsStarted() == SHARDS && a.holds().size() == SHARDS,
        () -> "start: sessions " + gateway.sessionsStarted() + "; " + a + " " + a.output);
    NodeProcess b = cluster.start("b");
    cluster.awaitPlacement(WAIT, a, b);
    cluster.produce(Duration.ofMillis(5));
    cluster.awaitMore(200, WAIT);

    List<Integer> aHeld = a.holds();
    a.signal("STOP");
    long stopped = System.nanoTime();
    Conditions.await(WAIT, () -> b.holds().size() == SHARDS, () -> "b took over: " + b);
    long takeover = (System.nanoTime() - stopped) / 1_000_000;
    cluster.awaitMore(200, WAIT);

    int mark = a.output.size();
    a.signal("CONT");
    long continued = System.nanoTime();
    Conditions.await(
        WAIT,
        () -> a.output.subList(mark, a.output.size()).contains("HOLD []"),
        () -> "a never dropped its stale shards: " + a.output.subList(mark, a.output.size()));
    cluster.awaitPlacement(WAIT, a, b);
    long rejoined = (System.nanoTime() - continued) / 1_000_000;
    cluster.awaitMore(200, WAIT);

    List<String> fencedOnWake = fencedOnWake(a, mark);
    List<String> staleWrites = staleWrites(a);

    cluster.stopProducing();
    // Store before deliver: the one batch per shard the stopped node may have stored but not yet
    // delivered is lost (as with kill -9); everything else arrives, and nothing twice.
    Conditions.await(
        WAIT,
        () -> cluster.undelivered().stream().allMatch(k -> cluster.dispatchedAt.get(k) < continued),
        () -> "undelivered: " + cluster.undelivered());
    List<Integer> lost = cluster.undelivered();
    long byZombieAfterWake =
        cluster.deliveries.values().stream()
            .flatMap(List::stream)
            .filter(d -> d.node().equals("a") && d.nanos() > continued)
            .count();
    System.out.printf(
        "acceptance 3: SIGSTOP of a (held %s): b held all %d shards %d ms later (ttl %d ms);"
            + " after SIGCONT a dropped them and rejoined in %d ms, holds %s, delivered %d events"
            + " since; %d events in all, lost %s, delivered twice %d, duplicate (shard, sid, seq)"
            + " %d; identifies %d, resumes %d; stale writes %s; on wake: %s%n",
        aHeld,
        SHARDS,
        takeover,
        TTL_MS,
        rejoined,
        a.holds(),
        byZombieAfterWake,
        cluster.deliveries.size(),
        lost,
        cluster.deliveredTwice().size(),
        cluster.duplicateKeys().size(),
        cluster.identifies(),
        cluster.resumes(),
        staleWrites,
        fencedOnWake);
    assertThat(cluster.deliveredTwice()).as("events delivered twice").isEmpty();
    assertThat(cluster.duplicateKeys()).as("(shard, session, seq) delivered twice").isEmpty();
    assertThat(cluster.sessionsByShard().values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(gateway.sessionsStarted()).as("every move resumed").isEqualTo(SHARDS);
    assertThat(staleWrites)
        .as("a write under each lost fence")
        .hasSizeGreaterThanOrEqualTo(aHeld.size())
        .allSatisfy(l -> assertThat(l).contains("REFUSED").contains("FENCED"));
    assertThat(lost)
        .as("lost only in the stopped node's in-flight batches")
        .allSatisfy(k -> assertThat(aHeld).contains(k % SHARDS))
        .hasSizeLessThanOrEqualTo(aHeld.size() * 256);
    assertThat(byZombieAfterWake).as("a delivers again after rejoining").isPositive();
    assertThat(takeover).as("takeover (ms)").isLessThan(2 * TTL_MS + TTL_MS / 3 + 5000);
    assertThat(a.process.isAlive()).isTrue();
  }

  /** What the woken node's own checks and Redis did (self-fence, renewal refused, FENCED). */
  private static List<String> fencedOnWake(NodeProcess node, int mark) {
    return node.output.subList(mark, node.output.size()).stream()
        .filter(
            l -> l.contains("FENCED") || l.contains("fencing itself") || l.contains("taken over"))
        .toList();
  }

  /** As a zombie whose own check passed just before the pause: a write under each old fence. */
  private static List<String> staleWrites(NodeProcess node) {
    node.send("STALE");
    Conditions.await(WAIT, () -> node.printed("STALE-DONE"), () -> "no STALE-DONE: " + node.output);
    return node.output.stream().filter(l -> l.startsWith("STALE-WRITE ")).toList();
  }
}
