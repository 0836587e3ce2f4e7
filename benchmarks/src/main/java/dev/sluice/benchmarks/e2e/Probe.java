package dev.sluice.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts what a client receives and reads the process CPU clock at the two marks: when the warm-up
 * ends and when the last measured event arrives. One connection delivers one event at a time, so
 * the counter is only touched by one thread at a time; the latch publishes the result.
 */
final class Probe {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long start;
  private final long end;
  private final CountDownLatch done = new CountDownLatch(1);
  private long count;
  private long cpuStart;
  private long wallStart;
  private long cpuEnd;
  private long wallEnd;
  private Map<String, Long> threadsAtStart;

  /** Marks fire when the count reaches {@code start} and {@code end} (both inclusive). */
  Probe(long start, long end) {
    this.start = start;
    this.end = end;
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
    if (Boolean.getBoolean("bench.threads")) {
      threadsAtStart = ThreadTimes.snapshot();
      System.err.println(
          "mark begin at " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
    }
    wallStart = System.nanoTime();
    cpuStart = OS.getProcessCpuTime();
  }

  /** The end mark was seen. */
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
