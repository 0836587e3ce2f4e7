package dev.sluice.gateway.core.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat reserve is kept for heartbeats not yet sent: the beats already in the window use
 * their reserved slots, not the user lane's. Found by the fault schedules (a 1 s heartbeat interval
 * left user commands waiting forever: the beats alone filled what the user lane was allowed).
 */
class SendWindowReserveTest {

  static final long SECOND = 1_000_000_000L;

  @Test
  void userCommandsAreNotStarvedByHeartbeatsThatFitTheirReserve() {
    // A 1 s heartbeat: 60 beats per minute, reserve 62, users may send 58 per minute.
    SendWindow window = SendWindow.forDiscord(Duration.ofSeconds(1));
    assertThat(window.userCapacity()).isEqualTo(58);
    long now = 0;
    for (int beat = 0; beat < 59; beat++, now += SECOND) {
      window.record(SendWindow.Lane.PRIORITY, now);
    }
    // 59 beats in the window, all within the reserve: the user lane still has its 58 slots.
    for (int user = 0; user < 58; user++) {
      assertThat(window.delayNanos(SendWindow.Lane.USER, now)).as("user send %d", user).isZero();
      window.record(SendWindow.Lane.USER, now);
    }
    assertThat(window.delayNanos(SendWindow.Lane.USER, now)).isPositive();
    assertThat(window.delayNanos(SendWindow.Lane.PRIORITY, now)).isZero(); // the reserve's rest
  }

  @Test
  void theWholeWindowStaysTheLimit() {
    SendWindow window = new SendWindow(10, Duration.ofSeconds(60), 4);
    for (int i = 0; i < 6; i++) {
      window.record(SendWindow.Lane.USER, 0);
    }
    assertThat(window.delayNanos(SendWindow.Lane.USER, 0)).isPositive();
    for (int i = 0; i < 4; i++) {
      window.record(SendWindow.Lane.PRIORITY, 0);
    }
    assertThat(window.delayNanos(SendWindow.Lane.PRIORITY, 0)).isEqualTo(60 * SECOND);
    assertThat(window.delayNanos(SendWindow.Lane.USER, 0)).isEqualTo(60 * SECOND);
  }
}
