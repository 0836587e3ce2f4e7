package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The judge's side of a process test: one fake gateway, the node JVMs of one cluster over one
 * redis-server, the SLUICE_TEST events dispatched to them and every delivery they printed. Writes
 * everything the nodes printed to {@code target/<name>.log} on close.
 */
final class ProcessCluster implements AutoCloseable {

  static final String TOKEN = "MTAwMjAwMzAw.acceptance.test";
  private static final java.util.regex.Pattern SHARD =
      java.util.regex.Pattern.compile("\"shard\":\\[\\d+,\\d+\\]");

  /** One delivery of event {@code n}. */
  record Delivery(String node, int shard, long seq, String sid, long nanos) {}

  final FakeGateway gateway;
  private final RedisServer server;
  private final String name;
  private final int shards;
  private final List<String> nodeOptions;
  private final List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
  final Map<Integer, List<Delivery>> deliveries = new ConcurrentHashMap<>();
  final Map<Integer, Long> dispatchedAt = new ConcurrentHashMap<>();
  final List<String> log = new CopyOnWriteArrayList<>();
  private Disposable producer;

  /**
   * {@code nodeOptions}: the node arguments beyond redis, gateway, token, cluster, node, shards.
   */
  ProcessCluster(
      RedisServer server, String name, FakeGateway gateway, int shards, List<String> nodeOptions) {
    this.server = server;
    this.name = name;
    this.gateway = gateway;
    this.shards = shards;
    this.nodeOptions = nodeOptions;
  }

  /** Starts node {@code node} in its own JVM. */
  NodeProcess start(String node, String... extra) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "redis=" + server.uri(),
            "gateway=" + gateway.url(),
            "token=" + TOKEN,
            "cluster=" + name,
            "node=" + node,
            "shards=" + shards));
    args.addAll(nodeOptions);
    args.addAll(List.of(extra));
    NodeProcess process = new NodeProcess(node, args, line -> record(node, line));
    nodes.add(process);
    return process;
  }

  private void record(String node, String line) {
    long now = System.nanoTime();
    if (line.startsWith("EV ")) {
      String[] p = line.split(" ");
      deliveries
          .computeIfAbsent(Integer.parseInt(p[1]), k -> new CopyOnWriteArrayList<>())
          .add(new Delivery(node, Integer.parseInt(p[2]), Long.parseLong(p[3]), p[4], now));
    } else {
      log.add(now / 1_000_000 + " " + node + ": " + line);
    }
  }

  /** Dispatches SLUICE_TEST events round-robin over the shards, one every {@code every}. */
  void produce(Duration every) {
    AtomicInteger n = new AtomicInteger();
    producer =
        Flux.interval(every)
            .subscribe(
                i -> {
                  int k = n.getAndIncrement();
                  if (gateway.dispatchToShard(k % shards, "SLUICE_TEST", "{\"n\":" + k + "}")
                      == 1) {
                    dispatchedAt.put(k, System.nanoTime());
                  }
                });
  }

  void stopProducing() {
    producer.dispose();
  }

  /** Waits until {@code count} more events were delivered. */
  void awaitMore(int count, Duration timeout) {
    int before = deliveries.size();
    Conditions.await(
        timeout,
        () -> deliveries.size() >= before + count,
        () -> "events stopped at " + before + "; nodes " + nodes);
  }

  /** Waits until the live nodes together run every shard once, each of {@code running} some. */
  void awaitPlacement(Duration timeout, NodeProcess... running) {
    Conditions.await(
        timeout,
        () -> {
          List<Integer> all = new ArrayList<>();
          for (NodeProcess n : nodes) {
            if (n.process.isAlive()) {
              all.addAll(n.holds());
            }
          }
          boolean eachRuns = List.of(running).stream().allMatch(n -> !n.holds().isEmpty());
          return eachRuns && all.size() == shards && all.stream().distinct().count() == shards;
        },
        () -> "placement: " + nodes.stream().filter(n -> n.process.isAlive()).toList());
  }

  /** Dispatched events not delivered (yet). */
  List<Integer> undelivered() {
    return dispatchedAt.keySet().stream().filter(k -> !deliveries.containsKey(k)).sorted().toList();
  }

  /** Events delivered more than once, by event number. */
  Map<Integer, List<Delivery>> deliveredTwice() {
    Map<Integer, List<Delivery>> twice = new HashMap<>();
    deliveries.forEach(
        (k, v) -> {
          if (v.size() > 1) {
            twice.put(k, v);
          }
        });
    return twice;
  }

  /** (shard, session id, sequence) keys delivered more than once across the cluster. */
  List<String> duplicateKeys() {
    Map<String, Integer> seen = new HashMap<>();
    deliveries
        .values()
        .forEach(
            list ->
                list.forEach(
                    d -> seen.merge(d.shard() + "/" + d.sid() + "/" + d.seq(), 1, Integer::sum)));
    return seen.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Session ids each shard's events were delivered under. */
  Map<Integer, List<String>> sessionsByShard() {
    Map<Integer, List<String>> sids = new HashMap<>();
    deliveries
        .values()
        .forEach(
            list ->
                list.forEach(
                    d -> {
                      List<String> s = sids.computeIfAbsent(d.shard(), k -> new ArrayList<>());
                      if (!s.contains(d.sid())) {
                        s.add(d.sid());
                      }
                    }));
    return sids;
  }

  /**
   * The longest time between two consecutive deliveries of one shard's events, over the gaps that
   * end in [{@code fromNanos}, {@code toNanos}).
   */
  long longestPauseMillis(long fromNanos, long toNanos) {
    Map<Integer, List<Long>> byShard = new HashMap<>();
    deliveries
        .values()
        .forEach(
            list ->
                list.forEach(
                    d ->
                        byShard.computeIfAbsent(d.shard(), s -> new ArrayList<>()).add(d.nanos())));
    long worst = 0;
    for (List<Long> times : byShard.values()) {
      times.sort(Long::compare);
      for (int i = 1; i < times.size(); i++) {
        if (times.get(i) >= fromNanos && times.get(i) < toNanos) {
          worst = Math.max(worst, times.get(i) - times.get(i - 1));
        }
      }
    }
    return worst / 1_000_000;
  }

  int identifies() {
    return gateway.transcript().received(Opcode.IDENTIFY).size();
  }

  int resumes() {
    return gateway.transcript().received(Opcode.RESUME).size();
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.dispose();
    }
    nodes.forEach(NodeProcess::kill);
    gateway
        .transcript()
        .received(Opcode.IDENTIFY)
        .forEach(
            f ->
                log.add(
                    "IDENTIFY "
                        + f.at()
                        + " "
                        + SHARD.matcher(f.json()).results().map(m -> m.group()).toList()));
    try {
      Files.write(Path.of("target", name + ".log"), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      gateway.close();
    }
  }
}
