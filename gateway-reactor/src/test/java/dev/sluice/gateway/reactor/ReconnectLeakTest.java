package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.internal.compression.ZstdSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.Disposable;

/**
 * No leak per connection (issue 16 item 5): one client in this JVM, real sockets on loopback, a
 * fake gateway in a JVM of its own ({@link ChildFakeGateway}) that ends every connection right
 * after RESUMED (a TCP drop, a 4000 close or op 7, in turn) so the client resumes again and again.
 * After the cycles, heap after GC, direct memory and threads are back where they were after a
 * warm-up, no connection's objects are still alive, and Netty's leak detector (paranoid in every
 * test JVM) reported nothing. 300 cycles here; {@code -Dsluice.leak.cycles=10000} (the {@code
 * faults-long} profile) for the full run.
 */
class ReconnectLeakTest {

  static final String TOKEN = "MTAwMjAwMzAw.leak.test";
  static final int WARM_UP = 200;
  static final String[] PER_CONNECTION = {
    "dev.sluice.gateway.reactor.ConnectionRun",
    "dev.sluice.gateway.reactor.OutboundQueue",
    "dev.sluice.gateway.reactor.ConnectionTimers",
    "io.netty.channel.socket.nio.NioSocketChannel",
    "io.netty.channel.epoll.EpollSocketChannel",
    "reactor.netty.http.client.WebsocketClientOperations"
  };

  /** The per-connection decompressor, and for zstd its native context's Java handle. */
  static String[] perConnection(Compression compression) {
    String pkg = "dev.sluice.gateway.core.internal.compression.";
    String[] own =
        compression == Compression.ZSTD_STREAM
            ? new String[] {
              pkg + "ZstdStreamDecompressor", "com.github.luben.zstd.ZstdDecompressCtx"
            }
            : new String[] {pkg + "ZlibStreamDecompressor"};
    String[] all = Arrays.copyOf(PER_CONNECTION, PER_CONNECTION.length + own.length);
    System.arraycopy(own, 0, all, PER_CONNECTION.length, own.length);
    return all;
  }

  static final String[] ACTIONS = {"drop", "close?code=4000", "reconnect"};

  @Test
  void theLeakDetectorIsHeard() {
    try (JvmFigures.LeakReports leaks = new JvmFigures.LeakReports()) {
      ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(32);
      leaked.writeInt(1);
      leaked = null; // dropped without release(): a leak the detector must report
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (leaks.reports.isEmpty() && System.nanoTime() < deadline) {
        leaks.flush();
      }
      assertThat(leaks.reports).as("Netty's leak report of a dropped buffer").isNotEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"ZLIB_STREAM", "ZSTD_STREAM"})
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void reconnectCyclesLeaveNothingBehind(Compression compression) throws Exception {
    int cycles = Integer.getInteger("sluice.leak.cycles", 300);
    try (JvmFigures.LeakReports leaks = new JvmFigures.LeakReports();
        ChildFakeGateway fake = ChildFakeGateway.start(TOKEN, Duration.ofSeconds(1))) {
      GatewayClient client =
          GatewayClient.builder(BotToken.of(TOKEN))
              .gatewayUrl(fake.url)
              .compression(compression)
              // each cycle drops the session right after RESUMED, before any heartbeat ACK: such
              // drops in a row back off like failures, which would make a cycle last up to 60 s
              .reconnect(
                  ReconnectSpec.defaults()
                      .withFirstBackoff(Duration.ofMillis(1))
                      .withMaxBackoff(Duration.ofMillis(1)))
              .build();
      BlockingQueue<GatewayState.Ready> ready = new LinkedBlockingQueue<>();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Disposable states = client.state().ofType(GatewayState.Ready.class).subscribe(ready::add);
      Disposable running = client.connect().subscribe(null, failed::set);
      try {
        next(ready, failed, false);
        cycle(fake, ready, failed, WARM_UP);
        JvmFigures before = JvmFigures.measure(perConnection(compression));
        int contexts = ZstdSupport.openContexts(); // for zstd, the connection open now
        long started = System.nanoTime();
        cycle(fake, ready, failed, cycles);
        long millis = (System.nanoTime() - started) / 1_000_000;
        JvmFigures after = JvmFigures.measure(perConnection(compression));
        leaks.flush();
        System.out.printf(
            "leak check, %s: %d reconnect cycles in %d ms (%.2f ms each)%n  before: %s%n  after:"
                + "  %s%n",
            compression.queryValue(), cycles, millis, (double) millis / cycles, before, after);
        assertThat(leaks.reports).as("Netty leak reports").isEmpty();
        assertThat(ZstdSupport.openContexts()).as("zstd contexts not freed").isEqualTo(contexts);
        assertThat(after.heap()).as("heap after GC").isLessThan(before.heap() * 105 / 100 + MIB);
        assertThat(after.allocatorDirect())
            .as("direct memory of the allocator")
            .isLessThanOrEqualTo(before.allocatorDirect() * 105 / 100 + MIB);
        assertThat(after.nettyDirect())
            .as("Netty's direct memory counter")
            .isLessThanOrEqualTo(before.nettyDirect() * 105 / 100 + MIB);
        assertThat(after.jdkDirect())
            .as("JDK direct buffers")
            .isLessThanOrEqualTo(before.jdkDirect() * 105 / 100 + MIB);
        assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 2);
        after
            .instances()
            .forEach(
                (type, live) ->
                    assertThat(live)
                        .as("live %s after %d connections", type, cycles)
                        .isLessThanOrEqualTo(before.instances().get(type) + 2));
      } finally {
        running.dispose();
        states.dispose();
      }
    }
  }

  static final long MIB = 1 << 20;

  private static void cycle(
      ChildFakeGateway fake,
      BlockingQueue<GatewayState.Ready> ready,
      AtomicReference<Throwable> failed,
      int count)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      fake.control(ACTIONS[i % ACTIONS.length]);
      next(ready, failed, true);
    }
  }

  /** Waits for the next Ready, which must be a Resume once the session exists. */
  private static void next(
      BlockingQueue<GatewayState.Ready> ready, AtomicReference<Throwable> failed, boolean resumed)
      throws InterruptedException {
    GatewayState.Ready next = ready.poll(30, TimeUnit.SECONDS);
    assertThat(failed.get()).as("connect()").isNull();
    assertThat(next).as("the next READY/RESUMED").isNotNull();
    assertThat(next.resumed()).as("resumed: %s", next).isEqualTo(resumed);
  }
}
