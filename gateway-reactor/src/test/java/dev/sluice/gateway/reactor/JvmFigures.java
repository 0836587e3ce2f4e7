package dev.sluice.gateway.reactor;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import org.slf4j.LoggerFactory;

/**
 * What one JVM holds, for leak checks: heap after GC, direct memory (Netty's default allocator,
 * Netty's own counter, the JDK's direct buffer pool), threads, live instances of given classes
 * (from a class histogram of live objects), and the reports of Netty's leak detector, captured from
 * its log.
 *
 * @param heap bytes of heap in use after full GCs
 * @param allocatorDirect bytes of direct memory held by Netty's default allocator (-1: unknown)
 * @param nettyDirect Netty's direct memory counter (-1 when Netty does not count)
 * @param jdkDirect bytes in the JDK's direct buffer pool
 * @param threads live threads
 * @param instances live instances per class name asked for
 */
record JvmFigures(
    long heap,
    long allocatorDirect,
    long nettyDirect,
    long jdkDirect,
    int threads,
    Map<String, Long> instances) {

  /** Measures now: full GCs first (the class histogram is taken of live objects only). */
  static JvmFigures measure(String... classes) throws Exception {
    Map<String, Long> instances = liveInstances(classes);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long jdkDirect =
        ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct"))
            .mapToLong(BufferPoolMXBean::getMemoryUsed)
            .sum();
    return new JvmFigures(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        allocatorDirectNow(),
        PlatformDependent.usedDirectMemory(),
        jdkDirect,
        ManagementFactory.getThreadMXBean().getThreadCount(),
        instances);
  }

  private static long allocatorDirectNow() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metered
        ? metered.metric().usedDirectMemory()
        : -1;
  }

  private static Map<String, Long> liveInstances(String... classes) throws Exception {
    String histogram =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, Long> counts = new TreeMap<>();
    for (String name : classes) {
      counts.put(name, 0L);
    }
    for (String line : histogram.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length >= 4 && counts.containsKey(cols[3])) {
        counts.merge(cols[3], Long.parseLong(cols[1]), Long::sum);
      }
    }
    return counts;
  }

  @Override
  public String toString() {
    return String.format(
        "heap %.2f MiB, allocator direct %.2f MiB, netty direct %s, jdk direct %.2f MiB, threads %d,"
            + " live %s",
        heap / 1048576.0,
        allocatorDirect / 1048576.0,
        nettyDirect < 0 ? "n/a" : String.format("%.2f MiB", nettyDirect / 1048576.0),
        jdkDirect / 1048576.0,
        threads,
        instances);
  }

  /** Captures Netty's leak reports (its {@code LEAK:} log lines) while attached. */
  static final class LeakReports extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    final List<String> reports = new CopyOnWriteArrayList<>();
    private final Logger logger =
        (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");

    private final boolean additive;

    /** Attached, the reports go here only (they are asserted on, with their text, by the test). */
    LeakReports() {
      setName("leak-reports");
      setContext(logger.getLoggerContext());
      start();
      additive = logger.isAdditive();
      logger.setAdditive(false);
      logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getFormattedMessage().contains("LEAK")) {
        reports.add(event.getFormattedMessage());
      }
    }

    /**
     * Lets the detector report what was collected: it reports a leak when it tracks a new buffer
     * after the leaked one was garbage collected.
     */
    void flush() {
      for (int round = 0; round < 5; round++) {
        System.gc();
        for (int i = 0; i < 200; i++) {
          ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(64);
          ByteBuf heap = ByteBufAllocator.DEFAULT.heapBuffer(64);
          direct.release();
          heap.release();
        }
      }
    }

    @Override
    public void close() {
      logger.detachAppender(this);
      logger.setAdditive(additive);
      stop();
    }
  }
}
