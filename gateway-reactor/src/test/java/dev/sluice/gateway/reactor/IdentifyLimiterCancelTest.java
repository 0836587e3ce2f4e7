package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A wait for an Identify permit that is given up before its slot (the shard's connection ended
 * while it queued in its bucket) gives its session start back: the daily budget pays only for
 * permits handed out. Found by {@link ShardGroupFaultScheduleTest} (shards stalled a day on a
 * budget that Discord had not spent).
 */
class IdentifyLimiterCancelTest {

  final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  // 3 starts left, 1 of them the reserve: 2 to spend; one bucket, slots 5 s apart.
  final IdentifyLimiter limiter =
      IdentifyLimiter.budgeted(
          new GatewayBot.SessionStartLimit(1000, 3, 86_400_000L, 1), 1, Duration.ZERO, clock);
  final List<IdentifyWait> waits = new CopyOnWriteArrayList<>();
  final AtomicInteger granted = new AtomicInteger();

  Disposable acquire(int shard) {
    return limiter
        .acquire(ShardInfo.of(shard, 2))
        .subscribe(waits::add, e -> {}, granted::incrementAndGet);
  }

  @Test
  void aWaitGivenUpBeforeItsSlotGivesItsSessionStartBack() {
    acquire(0);
    assertThat(granted).hasValue(1); // the first slot is now
    Disposable queued = acquire(1); // the next slot is in 5 s
    clock.advanceTimeBy(Duration.ofSeconds(1));
    queued.dispose(); // its connection ended: it will not Identify
    acquire(1); // the new connection asks again
    clock.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(waits).as("waits reported").isEmpty();
    assertThat(granted).hasValue(2);
    acquire(0); // now the budget is down to its reserve
    clock.advanceTimeBy(Duration.ofSeconds(10));
    assertThat(granted).hasValue(2);
    assertThat(waits)
        .singleElement()
        .extracting(IdentifyWait::reason)
        .isEqualTo(IdentifyWait.Reason.BUDGET_EXHAUSTED);
    clock.dispose();
  }
}
