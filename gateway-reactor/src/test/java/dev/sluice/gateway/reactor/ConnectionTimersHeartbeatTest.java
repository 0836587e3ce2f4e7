package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.internal.session.Input;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The heartbeat's ticks: a fixed schedule (first after interval × jitter, then every interval), and
 * a stop from inside a tick that leaves the scheduler usable. (The failure this schedule replaced a
 * periodic task for needs two threads: a tick running on the thread that advances virtual time
 * while the event loop disposes the heartbeat between the tick's check and its rescheduling; CI's
 * VirtualTimeTest hit it once in some thousands of repetitions. These tests guard the schedule.)
 */
class ConnectionTimersHeartbeatTest {

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final ConnectionTimers timers = new ConnectionTimers(time, () -> 0.5, Runnable::run);
  final List<Long> ticks = new CopyOnWriteArrayList<>();

  Disposable record() {
    return timers
        .inputs()
        .filter(Input.HeartbeatTick.class::isInstance)
        .subscribe(t -> ticks.add(time.now(TimeUnit.MILLISECONDS)));
  }

  @Test
  void ticksFollowAFixedScheduleFromTheJitteredFirst() {
    Disposable recording = record();
    assertThat(timers.startHeartbeat(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
    time.advanceTimeBy(Duration.ofSeconds(36));
    assertThat(ticks).containsExactly(5_000L, 15_000L, 25_000L, 35_000L);
    recording.dispose();
    timers.dispose();
  }

  @Test
  void theHeartbeatStoppedInsideItsOwnTickLeavesTheSchedulerUsable() {
    Disposable recording =
        timers
            .inputs()
            .subscribe(
                t -> {
                  ticks.add(time.now(TimeUnit.MILLISECONDS));
                  timers.dispose(); // as the connection's cleanup does after a zombie tick
                });
    timers.startHeartbeat(Duration.ofSeconds(10));
    time.advanceTimeBy(Duration.ofSeconds(60)); // must not throw "Scheduler unavailable"
    assertThat(ticks).containsExactly(5_000L);
    assertThat(time.isDisposed()).isFalse();
    recording.dispose();
  }
}
