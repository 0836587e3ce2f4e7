package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.reactor.ShardLease;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 64 shards over 4 nodes: each held once, and what an idle shard costs Redis. */
class LeaseScaleTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final int SHARDS = 64;
  private static final Duration TTL = Duration.ofMillis(1500);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern TOTAL = Pattern.compile("total_commands_processed:(\\d+)");
  private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

  private final List<LettuceAdapter> adapters = new ArrayList<>();
  private final List<RedisShardLeases> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(RedisShardLeases::halt);
    adapters.forEach(a -> a.close().block(WAIT));
  }

  private static long read(Pattern pattern, String info) {
    Matcher m = pattern.matcher(info);
    assertThat(m.find()).as("INFO has %s", pattern).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void sixtyFourShardsOverFourNodesAreEachHeldOnceAndCostLittle() throws IOException {
    Map<Integer, ShardLease> holders = new ConcurrentHashMap<>();
    List<String> names = List.of("n1", "n2", "n3", "n4");
    for (String name : names) {
      LettuceAdapter redis = Probe.connect(server);
      adapters.add(redis);
      RedisShardLeases leases =
          RedisShardLeases.builder(redis, RedisKeyspace.of("scale"), name, SHARDS)
              .leaseTtl(TTL)
              .build();
      nodes.add(leases);
      // Answer handoffs as a cluster would (close resumably, then release).
      leases.assignments().subscribe(l -> l.handoff().then(leases.release(l)).subscribe());
      leases.join().block(WAIT);
    }
    Conditions.await(
        WAIT,
        () -> {
          for (int s = 0; s < SHARDS; s++) {
            String owner = Rendezvous.owner(names, s);
            int shard = s;
            long holding =
                nodes.stream()
                    .filter(n -> n.held().stream().anyMatch(l -> l.shard().id() == shard))
                    .count();
            boolean right =
                nodes.stream()
                    .filter(n -> n.node().equals(owner))
                    .allMatch(n -> n.held().stream().anyMatch(l -> l.shard().id() == shard));
            if (holding != 1 || !right) {
              return false;
            }
          }
          return true;
        },
        () -> "placement not reached");
    nodes.forEach(n -> n.held().forEach(l -> holders.put(l.shard().id(), l)));
    assertThat(holders).hasSize(SHARDS);

    // Measure a steady state until at least four renewal rounds have run.
    String before = server.info("all");
    long start = System.nanoTime();
    long[] scriptsRun = {0};
    String[] after = {before};
    Conditions.await(
        WAIT,
        () -> {
          try {
            after[0] = server.info("all");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          scriptsRun[0] = read(EVALSHA, after[0]) - read(EVALSHA, before);
          return scriptsRun[0] >= 4L * SHARDS;
        },
        () -> "only " + scriptsRun[0] + " scripts ran");
    double seconds = (System.nanoTime() - start) / 1e9;
    double commands = (read(TOTAL, after[0]) - read(TOTAL, before)) / seconds / SHARDS;
    double scripts = scriptsRun[0] / seconds / SHARDS;
    double scale = TTL.toMillis() / 10_000.0;
    System.out.printf(
        "scale: %d shards over %d nodes; per idle shard with ttl %d ms: %.2f scripts/s (%.2f"
            + " commands/s as Redis counts them); with the default ttl 10 s: %.2f scripts/s (%.2f"
            + " commands/s)%n",
        SHARDS, names.size(), TTL.toMillis(), scripts, commands, scripts * scale, commands * scale);
    // One renewal per held lease per ttl/3, plus each node's heartbeat: about 3/ttl per shard.
    assertThat(scripts).isLessThan(2 * 3 / (TTL.toMillis() / 1000.0));
    // Nothing moved while idle.
    nodes.forEach(n -> n.held().forEach(l -> assertThat(holders.get(l.shard().id())).isSameAs(l)));
  }
}
