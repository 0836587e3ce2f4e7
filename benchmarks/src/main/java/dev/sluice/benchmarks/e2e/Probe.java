package dev.sluice.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts what a client receives and reads the process CPU clock at the two marks: when the warm-up
 * ends and when the last measured event arrives. One connection delivers one event at a time, so
 * the counter is only touched by one thread at a time; the latch publishes the result.
 *
 * <p>The server holds the measured phase back until the probe asks for it: at the warm-up mark a
 * thread waits until the JIT has compiled nothing for {@link #QUIET_MS} (at most {@link
 * #MAX_WAIT_MS}), then reads the clocks and posts to the server's {@code /bench/go}. Without that,
 * C2 went on compiling what the warm-up made hot inside the measured window (40–230 ms of the typed
 * path's runs), a cost a long-running bot pays once, not per event.
 */
final class Probe {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  static final long QUIET_MS = 500;
  static final long MAX_WAIT_MS = 20_000;

  private final long start;
  private final long end;
  private final URI go;
  private final CountDownLatch done = new CountDownLatch(1);
  private long count;
  private volatile long cpuStart;
  private volatile long wallStart;
  private long cpuEnd;
  private long wallEnd;
  private volatile Map<String, Long> threadsAtStart;

  /**
   * Marks fire when the count reaches {@code start} and {@code end} (both inclusive); {@code
   * apiUrl} is the bench server's, whose root serves {@code /bench/go}.
   */
  Probe(long start, long end, String apiUrl) {
    this.start = start;
    this.end = end;
    this.go = URI.create(apiUrl).resolve(BenchServer.GO_PATH);
  }

  /** One unit (frame, dispatch or typed event, whatever the client counts) arrived. */
  void tick() {
    long c = ++count;
    if (c == start) {
      begin();
    } else if (c == end) {
      finish();
    }
  }

  /** For clients that cannot count every dispatch: the warm-up mark was seen. */
  void begin() {
    Thread waiter = new Thread(this::startWhenCompiled, "bench-probe");
    waiter.setDaemon(true);
    waiter.start();
  }

  private void startWhenCompiled() {
    long waited = awaitQuietCompiler();
    if (Boolean.getBoolean("bench.threads")) {
      threadsAtStart = ThreadTimes.snapshot();
      System.err.println(
          "mark begin at "
              + ManagementFactory.getRuntimeMXBean().getUptime()
              + " ms (compiler quiet after "
              + waited
              + " ms)");
    }
    wallStart = System.nanoTime();
    cpuStart = OS.getProcessCpuTime();
    post(go);
  }

  /** Waits until the JIT's total compilation time stops growing; returns the ms waited. */
  private static long awaitQuietCompiler() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long began = System.nanoTime();
    long last = jit.getTotalCompilationTime();
    long quietSince = began;
    while (true) {
      long now = System.nanoTime();
      if (now - quietSince >= QUIET_MS * 1_000_000 || now - began >= MAX_WAIT_MS * 1_000_000) {
        return (now - began) / 1_000_000;
      }
      LockSupport.parkNanos(50_000_000);
      long total = jit.getTotalCompilationTime();
      if (total != last) {
        last = total;
        quietSince = System.nanoTime();
      }
    }
  }

  /** A bare HTTP/1.1 POST over a socket (no HTTP client, whose start would be measured). */
  private static void post(URI uri) {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      String request =
          "POST "
              + uri.getPath()
              + " HTTP/1.1\r\nHost: "
              + uri.getHost()
              + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("bench probe could not reach " + uri, e);
    }
  }

  /** The end mark was seen (the measured phase began after the start mark's clocks were read). */
  void finish() {
    cpuEnd = OS.getProcessCpuTime();
    wallEnd = System.nanoTime();
    if (threadsAtStart != null) {
      System.err.println("mark end at " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
      ThreadTimes.printDelta(threadsAtStart, ThreadTimes.snapshot());
    }
    done.countDown();
  }

  /** Waits for the end mark; false on timeout. */
  boolean await(long seconds) throws InterruptedException {
    return done.await(seconds, TimeUnit.SECONDS);
  }

  long cpuNanos() {
    return cpuEnd - cpuStart;
  }

  long wallNanos() {
    return wallEnd - wallStart;
  }

  long count() {
    return count;
  }
}
