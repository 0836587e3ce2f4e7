package dev.sluice.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sliding 10-minute count of invalid requests, against a plain list of timestamps. */
class InvalidRequestGuardTest {

  @Test
  void countsTheLastTenMinutesAndForgetsOlderOnes() {
    InvalidRequestGuard guard = new InvalidRequestGuard(3);
    guard.record(0);
    guard.record(1_500);
    assertThat(guard.exhausted(1_500)).isFalse();
    guard.record(60_000);
    assertThat(guard.count(60_000)).isEqualTo(3);
    assertThat(guard.exhausted(60_000)).isTrue();
    assertThat(guard.count(InvalidRequestGuard.WINDOW_MILLIS + 999)).isEqualTo(2);
    assertThat(guard.count(InvalidRequestGuard.WINDOW_MILLIS + 60_999)).isZero();
  }

  @Test
  void agreesWithAnExactCountToTheSecondOnRandomSchedules() {
    long seed = Long.getLong("sluice.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    InvalidRequestGuard guard = new InvalidRequestGuard(9_999);
    ArrayDeque<Long> exact = new ArrayDeque<>();
    long now = 0;
    for (int step = 0; step < 20_000; step++) {
      now += random.nextInt(200);
      if (random.nextBoolean()) {
        guard.record(now);
        exact.addLast(now / 1000);
      }
      long second = now / 1000;
      while (!exact.isEmpty() && exact.peekFirst() <= second - 600) {
        exact.pollFirst();
      }
      assertThat(guard.count(now)).as("seed %d step %d", seed, step).isEqualTo(exact.size());
    }
  }
}
