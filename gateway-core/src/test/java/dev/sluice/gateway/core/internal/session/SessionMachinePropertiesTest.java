package dev.sluice.gateway.core.internal.session;

import dev.sluice.gateway.core.SeededRuns;
import dev.sluice.gateway.core.internal.session.ScheduleChecker.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of everything a gateway can do to a connection, across reconnects, checked
 * against the session rules that must always hold. Each run draws a fresh seed (printed on failure;
 * {@code -Dsluice.seed=N} replays it, see {@link SeededRuns}).
 */
class SessionMachinePropertiesTest {

  private static final int TOTAL_WEIGHT =
      java.util.Arrays.stream(Step.values()).mapToInt(s -> s.weight).sum();

  /** A step drawn with the weights above. */
  static Step weightedStep(SplittableRandom random) {
    int pick = random.nextInt(TOTAL_WEIGHT);
    for (Step step : Step.values()) {
      pick -= step.weight;
      if (pick < 0) {
        return step;
      }
    }
    throw new AssertionError("weights do not add up");
  }

  /**
   * A list size in {@code [min, max]}: the bounds themselves one time in ten each (the edge cases a
   * property library tries first), short lists more often than long ones, and any size possible.
   */
  static int size(SplittableRandom random, int min, int max) {
    int roll = random.nextInt(10);
    if (roll == 0) {
      return min;
    }
    if (roll == 1) {
      return max;
    }
    if (roll < 5) {
      return min + random.nextInt(Math.min(max - min, 20) + 1);
    }
    return min + random.nextInt(max - min + 1);
  }

  /** Weighted steps, 1 to 300 of them. */
  static List<Step> schedule(SplittableRandom random) {
    int n = size(random, 1, 300);
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      steps.add(weightedStep(random));
    }
    return steps;
  }

  @Test
  void sessionRulesHoldUnderAnyInterleaving() {
    SeededRuns.run(
        "session rules under any interleaving",
        2000,
        random -> new ScheduleChecker().run(schedule(random)));
  }

  @Test
  void longRunsOfDispatchesNeverLoseOrRepeatASequence() {
    SeededRuns.run(
        "long runs of dispatches",
        300,
        random -> {
          int n = size(random, 50, 500);
          List<Step> steps = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            steps.add(
                switch (random.nextInt(10)) {
                  case 0 -> Step.RECONNECT;
                  case 1 -> Step.HELLO;
                  case 2 -> Step.REPLAYED_OLD_DISPATCH;
                  case 3 -> Step.RESUMED;
                  case 4 -> Step.READY;
                  default -> Step.DISPATCH;
                });
          }
          new ScheduleChecker().run(steps);
        });
  }

  @Test
  void aReadyBeforeHelloDoesNotLetTheHandshakesAnswerAnnounceReadinessAgain() {
    // Found by the generated schedules: READY before Hello, then Hello (our Resume), then READY.
    new ScheduleChecker().run(List.of(Step.READY, Step.HELLO, Step.READY));
    new ScheduleChecker().run(List.of(Step.READY, Step.HELLO, Step.RESUMED, Step.READY));
  }
}
