package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.LoggerFactory;

/**
 * Seeds for the fault-schedule tests, and how a failure is reported. By default {@code count}
 * schedules are drawn from a fresh base seed (printed); {@code -Dsluice.faults.seed=S} replays the
 * one schedule {@code S}, {@code -Dsluice.faults.count=N} sets how many, {@code
 * -Dsluice.faults.base=B} fixes the base. Every failing seed is printed with the exact command that
 * replays it.
 */
final class FaultSeeds {

  private FaultSeeds() {}

  /** The seeds to run: the one to replay, or {@code defaultCount} (or the property's) new ones. */
  static long[] seeds(int defaultCount) {
    return seeds(defaultCount, "sluice.faults.count");
  }

  /** As {@link #seeds(int)}, with the count read from {@code countProperty}. */
  static long[] seeds(int defaultCount, String countProperty) {
    String replay = System.getProperty("sluice.faults.seed");
    if (replay != null && !replay.isBlank()) {
      return new long[] {Long.parseLong(replay.trim())};
    }
    int count = Integer.getInteger(countProperty, defaultCount);
    String fixed = System.getProperty("sluice.faults.base");
    long base =
        fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
    System.out.println("fault schedules: " + count + " from base seed " + base);
    SplittableRandom random = new SplittableRandom(base);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = random.nextLong();
    }
    return seeds;
  }

  /**
   * Runs {@code check} on every seed (it returns a failure description, or null) and fails with
   * every failing seed, the first few in full, each with its replay command.
   */
  static void runAll(String testClass, long[] seeds, Check check) {
    Logger sluice = (Logger) LoggerFactory.getLogger("dev.sluice");
    Level before = sluice.getLevel();
    sluice.setLevel(Level.OFF); // faults are expected: thousands of warnings say nothing here
    List<String> failures = new ArrayList<>();
    List<Long> failing = new ArrayList<>();
    long started = System.nanoTime();
    try {
      for (long seed : seeds) {
        String failure;
        try {
          failure = check.apply(seed);
        } catch (Throwable e) {
          failure = "threw " + e + stack(e);
        }
        if (failure != null) {
          failing.add(seed);
          if (failures.size() < 5) {
            failures.add(
                "seed " + seed + ": " + failure + "\n  replay: " + replay(testClass, seed));
          }
        }
      }
    } finally {
      sluice.setLevel(before);
    }
    System.out.printf(
        "%s: %d schedules in %d ms, %d failed%n",
        testClass, seeds.length, (System.nanoTime() - started) / 1_000_000, failing.size());
    if (!failing.isEmpty()) {
      fail(
          failing.size()
              + " of "
              + seeds.length
              + " schedules failed, seeds "
              + failing
              + "\n"
              + String.join("\n\n", failures));
    }
  }

  /** Runs one seed: a description of what failed, or null. */
  interface Check {
    String apply(long seed) throws Exception;
  }

  static String replay(String testClass, long seed) {
    return "mvn -B -o -q -pl gateway-core,gateway-testkit,gateway-reactor -am test -Dtest="
        + testClass
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.faults.seed="
        + seed;
  }

  private static String stack(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (StackTraceElement element : e.getStackTrace()) {
      if (out.length() > 1500) {
        break;
      }
      out.append("\n    at ").append(element);
    }
    return out.toString();
  }
}
