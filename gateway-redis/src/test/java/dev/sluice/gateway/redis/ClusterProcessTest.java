package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Cluster nodes as separate JVMs over one redis-server and one fake gateway: {@code kill -9} of a
 * node, then a rolling stop (SIGTERM) of another; every event delivered once, no Identify after the
 * first ones.
 */
class ClusterProcessTest {

  @RegisterExtension static final RedisServer server = new RedisServer();

  private static final String TOKEN = "MTAwMjAwMzAw.process.test";
  private static final int SHARDS = 8;
  private static final long TTL_MS = 2000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<Child> children = new ArrayList<>();
  private final Map<Integer, List<String>> deliveries = new ConcurrentHashMap<>();
  private final Map<Integer, Long> deliveredAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> dispatchedAt = new ConcurrentHashMap<>();
  private final Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private FakeGateway gateway;
  private Disposable producer;

  @AfterEach
  void stop() throws IOException {
    if (gateway != null) {
      gateway
          .transcript()
          .received(Opcode.IDENTIFY)
          .forEach(f -> log.add("IDENTIFY " + f.at() + " " + f.json()));
    }
    java.nio.file.Files.write(java.nio.file.Path.of("target", "cluster-process.log"), log);
    if (producer != null) {
      producer.dispose();
    }
    children.forEach(c -> c.process.destroyForcibly());
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A node JVM, its output read line by line. */
  final class Child {
    final String name;
    final Process process;
    final AtomicReference<String> holding = new AtomicReference<>("[]");
    final List<String> output = new CopyOnWriteArrayList<>();

    Child(String name) throws IOException {
      this.name = name;
      process =
          ChildProcess.java(
              ChildProcess.SMALL_JVM,
              ClusterNodeMain.class,
              List.of(
                  server.uri(),
                  gateway.url(),
                  TOKEN,
                  "process",
                  name,
                  Integer.toString(SHARDS),
                  Long.toString(TTL_MS)));
      ChildProcess.follow(
          process,
          "node-" + name,
          this::read,
          e -> {
            if (e != null) {
              output.add("read failed: " + e);
            }
          });
      children.add(this);
    }

    private void read(String line) {
      log.add(name + ": " + line);
      if (line.startsWith("EV ")) {
        String[] parts = line.split(" ");
        int n = Integer.parseInt(parts[1]);
        deliveries.computeIfAbsent(n, k -> new CopyOnWriteArrayList<>()).add(name);
        deliveredAt.put(n, System.nanoTime());
      } else if (line.startsWith("HOLD ")) {
        holding.set(line.substring(5));
      } else if (output.size() < 500) {
        output.add(line);
      }
    }

    boolean holds(int count) {
      String h = holding.get();
      return count == 0 ? h.equals("[]") : h.split(",").length == count && !h.equals("[]");
    }
  }

  private void produce() {
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(Duration.ofMillis(5))
            .subscribe(
                i -> {
                  int k = n.getAndIncrement();
                  if (gateway.dispatchToShard(k % SHARDS, "SLUICE_TEST", "{\"n\":" + k + "}")
                      == 1) {
                    dispatchedAt.put(k, System.nanoTime());
                    dispatched.add(k);
                  }
                });
  }

  private List<Integer> undelivered() {
    return dispatched.stream().filter(k -> !deliveries.containsKey(k)).sorted().toList();
  }

  private void awaitMore(int count) {
    int before = deliveries.size();
    Conditions.await(
        WAIT, () -> deliveries.size() >= before + count, () -> "events stopped at " + before);
  }

  @Test
  void killNineThenRollingStopResumeEveryShardAndDeliverEveryEventOnce() throws Exception {
    gateway =
        FakeGateway.builder()
            .token(TOKEN)
            .shards(SHARDS)
            .maxConcurrency(2)
            .identifyWindow(Duration.ofMillis(250))
            .start();
    Child a = new Child("a");
    Child b = new Child("b");
    Conditions.await(
        WAIT,
        () -> gateway.sessionsStarted() == SHARDS && !a.holds(0) && !b.holds(0),
        () ->
            "start: sessions "
                + gateway.sessionsStarted()
                + " a="
                + a.holding
                + " b="
                + b.holding
                + " "
                + a.output);
    produce();
    awaitMore(300);

    String aHeld = a.holding.get();
    long kill = System.nanoTime();
    a.process.destroyForcibly(); // kill -9
    assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Conditions.await(WAIT, () -> b.holds(SHARDS), () -> "b holds " + b.holding);
    long takeover = (System.nanoTime() - kill) / 1_000_000;
    awaitMore(300);

    Child c = new Child("c");
    Conditions.await(WAIT, () -> !c.holds(0), () -> "c holds nothing");
    awaitMore(300);
    log.add("SIGTERM to b pid " + b.process.pid());
    long stop = System.nanoTime();
    // SIGTERM, as an orchestrator sends it (Process.destroy() here skips the JVM's shutdown hooks).
    new ProcessBuilder("kill", "-TERM", Long.toString(b.process.pid())).start().waitFor();
    assertThat(b.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long handoff = (System.nanoTime() - stop) / 1_000_000;
    log.add("b exited " + b.process.exitValue() + " after " + handoff + " ms");
    assertThat(b.process.exitValue()).isIn(0, 143);
    assertThat(log).contains("b: STOPPED");
    Conditions.await(WAIT, () -> c.holds(SHARDS), () -> "c holds " + c.holding);
    awaitMore(300);

    producer.dispose();
    // kill -9 may lose the one batch per shard the dead node had stored but not yet delivered
    // (store before deliver: no duplicates); everything else arrives.
    Conditions.await(
        WAIT,
        () -> undelivered().stream().allMatch(k -> dispatchedAt.get(k) < kill),
        () -> "undelivered after the kill: " + undelivered());
    List<Integer> lost = undelivered();
    assertThat(lost)
        .as("lost only in the killed node's in-flight batches")
        .allSatisfy(k -> assertThat(aHeld).contains(Integer.toString(k % SHARDS)))
        .hasSizeLessThanOrEqualTo(aHeld.split(",").length * 256);
    Map<Integer, List<String>> twice = new HashMap<>();
    deliveries.forEach(
        (k, v) -> {
          if (v.size() > 1) {
            twice.put(k, v);
          }
        });
    System.out.printf(
        "processes: %d events, %d lost at the kill -9 %s; all %d shards owned again %d ms after"
            + " the kill (ttl %d ms); SIGTERM stop took %d ms; identifies %d (sessions %d,"
            + " smallest gap per bucket as received %d ms, violations stamped by the fake at"
            + " processing %d), resumes %d%n",
        deliveries.size(),
        lost.size(),
        lost,
        SHARDS,
        takeover,
        TTL_MS,
        handoff,
        gateway.transcript().received(Opcode.IDENTIFY).size(),
        gateway.sessionsStarted(),
        IdentifyGaps.smallest(gateway, 2).toMillis(),
        gateway.concurrencyViolations(),
        gateway.transcript().received(Opcode.RESUME).size());
    assertThat(twice).as("delivered twice").isEmpty();
    assertThat(gateway.sessionsStarted()).as("every move resumed").isEqualTo(SHARDS);
    assertThat(IdentifyGaps.smallest(gateway, 2))
        .as("identifies of one bucket, as received")
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(takeover).isLessThan(2 * TTL_MS + TTL_MS / 3 + 5000);
  }
}
