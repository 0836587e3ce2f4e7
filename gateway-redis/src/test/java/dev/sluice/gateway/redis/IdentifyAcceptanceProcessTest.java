package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, acceptance 1: four node JVMs run 64 shards ({@code max_concurrency} 4) over one
 * redis-server, with the fake gateway as the judge of the identify buckets and the budget. The
 * nodes start together (each records its heartbeat, then all start on one signal), so placement is
 * settled before the first Identify and every shard identifies where it stays.
 *
 * <p>Time is scaled: the fake's identify window is 250 ms; the limiter's interval is 600 ms, the
 * window plus a margin for the time from a grant to the Identify's arrival (5 s + 500 ms in
 * production). The margin must cover the spread of that time: on a starved 2-core machine a cold
 * JVM's first Identifies arrive up to ~300 ms after their grant and later ones within ~100 ms, so
 * with a 150 ms margin the fake refused Identifies that arrived 225 ms apart (each a session start
 * wasted). The test prints the spread it saw.
 */
class IdentifyAcceptanceProcessTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final int SHARDS = 64;
  private static final int CONCURRENCY = 4;
  private static final Duration WINDOW = Duration.ofMillis(250);
  private static final Duration INTERVAL = Duration.ofMillis(600);
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ProcessCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private List<NodeProcess> startFourNodes(String name, int budget) {
    FakeGateway gateway =
        FakeGateway.builder()
            .token(ProcessCluster.TOKEN)
            .shards(SHARDS)
            .maxConcurrency(CONCURRENCY)
            .identifyWindow(WINDOW)
            .sessionStartLimit(1000, budget, Duration.ofHours(1))
            .start();
    cluster =
        new ProcessCluster(
            server,
            name,
            gateway,
            SHARDS,
            List.of(
                "api=" + gateway.apiUrl(),
                "ttl=3000",
                "concurrency=" + CONCURRENCY,
                "interval=" + INTERVAL.toMillis(),
                "reserve=5",
                "barrier=true"));
    List<NodeProcess> nodes = new ArrayList<>();
    for (String node : List.of("n1", "n2", "n3", "n4")) {
      nodes.add(cluster.start(node));
    }
    Conditions.await(
        WAIT,
        () -> nodes.stream().allMatch(n -> n.printed("REGISTERED")),
        () -> "nodes not registered: " + nodes.stream().map(n -> n.output).toList());
    nodes.forEach(n -> n.send("GO"));
    return nodes;
  }

  /** The state each shard's current node last reported for it. */
  private static Map<Integer, String> statesOfHeldShards(List<NodeProcess> nodes) {
    Map<Integer, String> states = new TreeMap<>();
    for (NodeProcess node : nodes) {
      for (int shard : node.holds()) {
        states.put(shard, node.states.getOrDefault(shard, "none"));
      }
    }
    return states;
  }

  /** The smallest and largest time from a grant (Redis clock) to the Identify's arrival. */
  private String grantToArrival() {
    Map<Integer, Long> granted = new java.util.HashMap<>();
    java.util.regex.Pattern grant = java.util.regex.Pattern.compile(": GRANT (\\d+) (\\d+) true$");
    cluster.log.forEach(
        line -> {
          java.util.regex.Matcher m = grant.matcher(line);
          if (m.find()) {
            granted.put(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
          }
        });
    java.util.LongSummaryStatistics stats = new java.util.LongSummaryStatistics();
    java.util.regex.Pattern shard = java.util.regex.Pattern.compile("\"shard\":\\[(\\d+),");
    cluster
        .gateway
        .transcript()
        .received(dev.sluice.gateway.core.protocol.Opcode.IDENTIFY)
        .forEach(
            f -> {
              java.util.regex.Matcher m = shard.matcher(f.json());
              if (m.find() && granted.containsKey(Integer.parseInt(m.group(1)))) {
                stats.accept(f.at().toEpochMilli() - granted.get(Integer.parseInt(m.group(1))));
              }
            });
    return stats.getMin() + "–" + stats.getMax();
  }

  @Test
  void fourNodeJvmsNeverIdentifyTwiceInOneBucketInsideTheWindow() {
    List<NodeProcess> nodes = startFourNodes("identify-buckets", 1000);
    Conditions.await(
        WAIT,
        () -> cluster.gateway.sessionsStarted() == SHARDS,
        () -> "sessions " + cluster.gateway.sessionsStarted() + "; " + nodes);
    Conditions.await(
        WAIT,
        () ->
            statesOfHeldShards(nodes).values().stream().filter(s -> s.startsWith("Ready")).count()
                == SHARDS,
        () -> "states " + statesOfHeldShards(nodes));

    Duration smallest = IdentifyGaps.smallest(cluster.gateway, CONCURRENCY);
    System.out.printf(
        "acceptance 1: 4 node JVMs %s, %d shards: %d identifies, smallest gap per bucket as"
            + " received %d ms (window %d ms, limiter interval %d ms), violations stamped by the"
            + " fake %d, grant to arrival %s ms%n",
        nodes.stream().map(n -> n.name + "=" + n.holds().size()).toList(),
        SHARDS,
        cluster.identifies(),
        smallest.toMillis(),
        WINDOW.toMillis(),
        INTERVAL.toMillis(),
        cluster.gateway.concurrencyViolations(),
        grantToArrival());
    assertThat(smallest)
        .as("two identifies of one bucket inside the window")
        .isGreaterThanOrEqualTo(WINDOW);
    assertThat(nodes).allSatisfy(n -> assertThat(n.holds()).as(n.name).isNotEmpty());
    assertThat(cluster.identifies())
        .as("one identify per shard, plus any the fake refused by its own processing-time clock")
        .isEqualTo(SHARDS + cluster.gateway.concurrencyViolations());
  }

  @Test
  void budgetThirtyReserveFiveIdentifiesExactlyTwentyFiveAndTheRestWaitVisibly() {
    List<NodeProcess> nodes = startFourNodes("identify-budget", 30);
    Conditions.await(
        WAIT,
        () -> {
          Map<Integer, String> states = statesOfHeldShards(nodes);
          return states.size() == SHARDS
              && states.values().stream()
                      .filter(s -> s.equals("AwaitingIdentify BUDGET_EXHAUSTED"))
                      .count()
                  == SHARDS - 25
              && states.values().stream().filter(s -> s.startsWith("Ready")).count() == 25;
        },
        () ->
            "states "
                + statesOfHeldShards(nodes)
                + "; sessions "
                + cluster.gateway.sessionsStarted());

    LettuceAdapter redis = Probe.connect(server);
    String daily;
    try {
      daily = Probe.get(redis, RedisKeyspace.of("identify-budget").daily());
    } finally {
      redis.close().block(WAIT);
    }
    System.out.printf(
        "acceptance 1 budget: budget 30, reserve 5: %d identifies, %d sessions, %d shards waiting"
            + " in AwaitingIdentify(BUDGET_EXHAUSTED), %s starts left in Redis, %d at the fake;"
            + " grant to arrival %s ms%n",
        cluster.identifies(),
        cluster.gateway.sessionsStarted(),
        SHARDS - 25,
        daily,
        cluster.gateway.remainingSessionStarts(),
        grantToArrival());
    assertThat(cluster.identifies()).isEqualTo(25);
    assertThat(cluster.gateway.sessionsStarted()).isEqualTo(25);
    // Grants happen only while the budget is above the reserve: no further Identify can follow.
    assertThat(daily).isEqualTo("5");
    assertThat(cluster.gateway.remainingSessionStarts()).isEqualTo(5);
  }
}
