package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.limit.IdentifyBuckets;
import dev.sluice.gateway.core.limit.SessionBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The in-process {@link IdentifyLimiter}: per-bucket slots 5 s (plus a margin) apart, granted in
 * the order shards ask, and the session budget. Thread-safe; waits are timers on the given
 * scheduler.
 */
final class BudgetedIdentifyLimiter implements IdentifyLimiter {

  private final int maxConcurrency;
  private final Duration spacing;
  private final Scheduler scheduler;
  private final BiConsumer<ShardInfo, GatewayException> onBlocked;
  private final Map<Integer, Instant> nextSlot = new HashMap<>();
  private SessionBudget budget;

  BudgetedIdentifyLimiter(
      int maxConcurrency,
      SessionBudget budget,
      Duration margin,
      Scheduler scheduler,
      BiConsumer<ShardInfo, GatewayException> onBlocked) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max_concurrency must be at least 1");
    }
    this.maxConcurrency = maxConcurrency;
    this.budget = budget;
    this.spacing = IdentifyBuckets.WINDOW.plus(margin);
    this.scheduler = scheduler;
    this.onBlocked = onBlocked;
  }

  @Override
  public Mono<Void> acquire(ShardInfo shard) {
    return Mono.defer(
        () -> {
          Instant now = Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
          Duration untilReset = null;
          Duration wait;
          synchronized (this) {
            if (budget != null) {
              budget = budget.at(now);
              if (!budget.canIdentify()) {
                untilReset = budget.untilReset(now);
              } else {
                budget = budget.consume();
              }
            }
            if (untilReset == null) {
              int key = IdentifyBuckets.key(shard.id(), maxConcurrency);
              Instant slot = nextSlot.getOrDefault(key, now);
              Instant granted = slot.isBefore(now) ? now : slot;
              nextSlot.put(key, granted.plus(spacing));
              wait = Duration.between(now, granted);
            } else {
              wait = null;
            }
          }
          if (wait == null) {
            onBlocked.accept(
                shard,
                GatewayException.of(
                    GatewayException.Kind.SESSION_BUDGET_EXHAUSTED,
                    "session budget is down to its reserve of "
                        + budget.reserve()
                        + "; identify waits "
                        + untilReset.toSeconds()
                        + " s for the reset"));
            // Wait for the reset, then queue again like any other Identify.
            return Mono.delay(untilReset.plusMillis(1), scheduler).then(acquire(shard));
          }
          return wait.isZero() ? Mono.empty() : Mono.delay(wait, scheduler).then();
        });
  }

  /** The budget as it stands (for tests and health reporting). */
  synchronized SessionBudget budget() {
    return budget;
  }
}
