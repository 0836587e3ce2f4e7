package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

/**
 * Many shards in one JVM against one fake gateway: all reach READY and heartbeat, and the thread
 * count does not grow with the shard count. The shard count is {@code -Dsluice.scale.shards}
 * (default 1000). The heap figure it prints includes the fake server's side of every connection.
 */
class ShardGroupScaleTest {

  static final String TOKEN = "MTAwMjAwMzAw.scale.test";

  @Test
  @Timeout(180)
  void aThousandShardsReachReadyAndHeartbeatWithoutAThreadPerShard() throws InterruptedException {
    int shards = Integer.getInteger("sluice.scale.shards", 1000);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (FakeGateway fake =
        FakeGateway.builder()
            .token(TOKEN)
            .shards(shards)
            .maxConcurrency(shards)
            .sessionStartLimit(10 * shards, 10 * shards, Duration.ofHours(24))
            .heartbeatInterval(Duration.ofSeconds(5))
            .guilds()
            .start()) {
      // Warm up the shared event loops with one shard, so the baseline already has them.
      int threadsBefore = threadsAfterWarmUp(fake);
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      ShardGroup group =
          ShardGroup.builder(BotToken.of(TOKEN)).apiUrl(fake.apiUrl()).shardCount(shards).build();
      Disposable running = group.connect().subscribe(null, e -> {});
      try {
        fake.transcript().awaitDispatched("READY", shards + 1, Duration.ofSeconds(120));
        // Every connection heartbeats within one interval of its Hello.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<Integer> beating = new HashSet<>();
        while (beating.size() < shards + 1 && System.nanoTime() < deadline) {
          beating.clear();
          fake.transcript().received(Opcode.HEARTBEAT).forEach(f -> beating.add(f.connection()));
          Thread.onSpinWait();
        }
        assertThat(beating).hasSizeGreaterThanOrEqualTo(shards);
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf(
            "scale: %d shards READY; threads %d -> %d; heap %.1f MiB -> %.1f MiB, %.1f KiB per shard (client + fake server, transcript included)%n",
            shards,
            threadsBefore,
            threadsAfter,
            heapBefore / 1048576.0,
            heapAfter / 1048576.0,
            (heapAfter - heapBefore) / 1024.0 / shards);
        assertThat(threadsAfter - threadsBefore)
            .as("threads added by %d shards", shards)
            .isLessThan(16);
        assertThat(fake.concurrencyViolations()).isZero();
      } finally {
        running.dispose();
      }
    }
  }

  private static int threadsAfterWarmUp(FakeGateway fake) {
    ShardGroup one =
        ShardGroup.builder(BotToken.of(TOKEN))
            .apiUrl(fake.apiUrl())
            .shardIds(java.util.List.of(0), 1)
            .build();
    one.connect().subscribe(null, e -> {});
    fake.transcript().awaitDispatched("READY", 1, Duration.ofSeconds(30));
    fake.transcript().awaitReceived(Opcode.HEARTBEAT, 1, Duration.ofSeconds(10));
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    // The warm-up shard has its own limiter: let its identify bucket's 5 s pass before the group
    // identifies, so the fake sees no concurrency violation that a shared limiter would have
    // avoided.
    fake.transcript().assertNoNewConnection(Duration.ofMillis(5300));
    // Left running: it is part of the baseline (and of the count: shards + 1 connections).
    return threads;
  }
}
