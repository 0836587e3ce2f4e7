package dev.sluice.gateway.core;

import java.lang.StackWalker.Option;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Generated-case tests without a property-testing library: {@code cases} cases, each driven by its
 * own {@link SplittableRandom} split from one run seed. The run seed is random unless the system
 * property {@value #SEED_PROPERTY} gives it; a failure names the run seed, the failing case and the
 * command that replays it, so every failure is reproducible exactly.
 *
 * <pre>{@code
 * SeededRuns.run("schedules", 2000, random -> checkOneSchedule(random));
 * }</pre>
 */
public final class SeededRuns {

  /** The system property that fixes the run seed: {@code -Dsluice.seed=1234}. */
  public static final String SEED_PROPERTY = "sluice.seed";

  private SeededRuns() {}

  /** The run seed: the {@value #SEED_PROPERTY} property when set, else a fresh random one. */
  public static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      return Long.parseLong(fixed.trim());
    }
    return ThreadLocalRandom.current().nextLong();
  }

  /**
   * Runs {@code cases} cases of {@code property}, case {@code i} with the {@code i}-th random split
   * from the run seed. The first failing case stops the run with an {@link AssertionError} that
   * names the seed, the case and how to replay it, and has the original failure as its cause.
   */
  public static void run(String property, int cases, Consumer<SplittableRandom> check) {
    long seed = seed();
    String caller =
        StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE).getCallerClass().getName();
    SplittableRandom runRandom = new SplittableRandom(seed);
    for (int i = 0; i < cases; i++) {
      SplittableRandom caseRandom = runRandom.split();
      try {
        check.accept(caseRandom);
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            property
                + " failed at case "
                + i
                + " of "
                + cases
                + " with seed "
                + seed
                + " (replay: mvn -pl gateway-core test -Dtest="
                + caller.substring(caller.lastIndexOf('.') + 1)
                + " -D"
                + SEED_PROPERTY
                + "="
                + seed
                + "): "
                + e.getMessage(),
            e);
      }
    }
  }
}
