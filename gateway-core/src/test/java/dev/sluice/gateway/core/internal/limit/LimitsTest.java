package dev.sluice.gateway.core.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.internal.limit.SendWindow.Lane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsTest {

  static final long SECOND = 1_000_000_000L;
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void identifyKeyIsShardIdModuloMaxConcurrency() {
    assertThat(IdentifyBuckets.key(0, 16)).isZero();
    assertThat(IdentifyBuckets.key(17, 16)).isEqualTo(1);
    assertThat(IdentifyBuckets.key(5, 1)).isZero();
    assertThatThrownBy(() -> IdentifyBuckets.key(1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sixteenShardsWithConcurrencyFourStartInFourRounds() {
    List<List<Integer>> rounds = new ArrayList<>();
    for (int shard = 0; shard < 16; shard++) {
      int round = IdentifyBuckets.startRound(shard, 4);
      while (rounds.size() <= round) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(shard);
    }
    assertThat(rounds)
        .containsExactly(
            List.of(0, 1, 2, 3),
            List.of(4, 5, 6, 7),
            List.of(8, 9, 10, 11),
            List.of(12, 13, 14, 15));
  }

  @Test
  void identifyDelayCountsFromTheKeysLastIdentify() {
    Duration spacing = IdentifyBuckets.WINDOW.plusMillis(250);
    assertThat(IdentifyBuckets.delay(null, T0, spacing)).isZero();
    assertThat(IdentifyBuckets.delay(T0, T0.plusSeconds(2), spacing))
        .isEqualTo(Duration.ofMillis(3250));
    assertThat(IdentifyBuckets.delay(T0, T0.plusSeconds(6), spacing)).isZero();
  }

  @Test
  void sessionBudgetStopsAtTheReserveAndRefillsAfterReset() {
    SessionBudget budget = SessionBudget.of(1000, 13, Duration.ofHours(2), 10, T0);
    assertThat(budget.spendable()).isEqualTo(3);
    budget = budget.consume().consume().consume();
    assertThat(budget.canIdentify()).isFalse();
    assertThat(budget.remaining()).isEqualTo(10);
    SessionBudget exhausted = budget;
    assertThatThrownBy(exhausted::consume).isInstanceOf(IllegalStateException.class);
    assertThat(budget.untilReset(T0.plusSeconds(3600))).isEqualTo(Duration.ofHours(1));
    assertThat(budget.at(T0.plusSeconds(3600))).isSameAs(budget);
    SessionBudget reset = budget.at(T0.plus(Duration.ofHours(2)));
    assertThat(reset.remaining()).isEqualTo(1000);
    assertThat(reset.canIdentify()).isTrue();
    assertThat(reset.resetAt()).isEqualTo(T0.plus(Duration.ofHours(26)));
  }

  @Test
  void sessionBudgetRejectsNonsense() {
    assertThatThrownBy(() -> new SessionBudget(10, 11, T0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionBudget(10, 5, T0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void heartbeatReserveFollowsTheInterval() {
    assertThat(SendWindow.heartbeatReserve(Duration.ofMillis(41_250), Duration.ofSeconds(60)))
        .isEqualTo(4);
    assertThat(SendWindow.heartbeatReserve(Duration.ofSeconds(45), Duration.ofSeconds(60)))
        .isEqualTo(4);
    assertThat(SendWindow.heartbeatReserve(Duration.ofSeconds(1), Duration.ofSeconds(60)))
        .isEqualTo(62);
    assertThat(SendWindow.forDiscord(Duration.ofMillis(41_250)).userCapacity()).isEqualTo(116);
  }

  @Test
  void userCommandsStopAtCapacityButPriorityStillGoes() {
    SendWindow window = new SendWindow(120, Duration.ofSeconds(60), 4);
    for (int i = 0; i < 116; i++) {
      assertThat(window.delayNanos(Lane.USER, i * SECOND / 10)).isZero();
      window.record(Lane.USER, i * SECOND / 10);
    }
    long now = 12 * SECOND;
    assertThat(window.delayNanos(Lane.USER, now)).isEqualTo(60 * SECOND - now);
    assertThat(window.delayNanos(Lane.PRIORITY, now)).isZero();
    for (int i = 0; i < 4; i++) {
      window.record(Lane.PRIORITY, now);
    }
    assertThat(window.inWindow(now)).isEqualTo(120);
    assertThat(window.delayNanos(Lane.PRIORITY, now)).isEqualTo(60 * SECOND - now);
    assertThatThrownBy(() -> window.record(Lane.PRIORITY, now))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theWindowSlides() {
    SendWindow window = new SendWindow(3, Duration.ofSeconds(10), 1);
    window.record(Lane.USER, 0);
    window.record(Lane.USER, 4 * SECOND);
    assertThat(window.delayNanos(Lane.USER, 5 * SECOND)).isEqualTo(5 * SECOND);
    assertThat(window.delayNanos(Lane.USER, 10 * SECOND)).isZero();
    window.record(Lane.USER, 10 * SECOND);
    assertThat(window.delayNanos(Lane.USER, 11 * SECOND)).isEqualTo(3 * SECOND);
    assertThat(window.inWindow(14 * SECOND)).isEqualTo(1);
  }

  @Test
  void neverMoreThanTheLimitInAnyWindowUnderSteadyLoad() {
    SendWindow window = SendWindow.forDiscord(Duration.ofMillis(41_250));
    List<Long> sent = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 1000; i++) {
      Lane lane = i % 30 == 0 ? Lane.PRIORITY : Lane.USER;
      now += window.delayNanos(lane, now);
      window.record(lane, now);
      sent.add(now);
      now += SECOND / 100;
    }
    for (int i = 120; i < sent.size(); i++) {
      assertThat(sent.get(i) - sent.get(i - 120)).isGreaterThanOrEqualTo(60 * SECOND);
    }
  }

  @Test
  void invalidWindowIsRefused() {
    assertThatThrownBy(() -> new SendWindow(10, Duration.ofSeconds(1), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SendWindow(10, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
