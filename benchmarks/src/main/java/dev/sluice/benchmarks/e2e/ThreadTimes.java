package dev.sluice.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU ticks of every native thread of this process (JIT and GC threads included), read from {@code
 * /proc/self/task}: where a client's process CPU goes. Diagnostic, enabled by {@code
 * -Dbench.threads=true}.
 */
final class ThreadTimes {

  private ThreadTimes() {}

  static Map<String, Long> snapshot() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              int open = stat.indexOf('(');
              int close = stat.lastIndexOf(')');
              String name = stat.substring(open + 1, close).replaceAll("\\d+$", "#");
              String[] f = stat.substring(close + 2).split(" ");
              ticks.merge(name + " user", Long.parseLong(f[11]), Long::sum);
              ticks.merge(name + " sys", Long.parseLong(f[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException e) {
      return ticks;
    }
    return ticks;
  }

  static void printDelta(Map<String, Long> before, Map<String, Long> after) {
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      System.err.printf(
          "gc %s: %d collections, %d ms in all%n",
          gc.getName(), gc.getCollectionCount(), gc.getCollectionTime());
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.err.printf(
        "heap used %d MB of %d MB committed%n", heap.getUsed() >> 20, heap.getCommitted() >> 20);
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> System.err.printf("thread cpu %6d ms  %s%n", e.getValue() * 10, e.getKey()));
  }
}
