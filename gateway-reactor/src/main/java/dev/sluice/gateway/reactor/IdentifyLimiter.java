package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.limit.SessionBudget;
import java.time.Duration;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Gates every Identify (at start-up and after every re-identify; Resumes bypass it). Discord allows
 * one Identify per {@code shard_id % max_concurrency} bucket per 5 s, and a daily budget of session
 * starts. One limiter is shared by all shards of a bot.
 */
public interface IdentifyLimiter {

  /** Completes when {@code shard} may send Identify now; the slot is taken on completion. */
  Mono<Void> acquire(ShardInfo shard);

  /**
   * An in-process limiter: one Identify per bucket per 5 s plus {@code margin}, in the order shards
   * ask, timed on {@code scheduler}.
   */
  static IdentifyLimiter local(int maxConcurrency, Duration margin, Scheduler scheduler) {
    return budgeted(maxConcurrency, null, margin, scheduler, (shard, why) -> {});
  }

  /**
   * An in-process limiter that also keeps the daily session budget: while an Identify would dip
   * into the budget's reserve, {@code onBlocked} is told (with a {@code SESSION_BUDGET_EXHAUSTED}
   * error) and the Identify waits for the reset instead of burning the last sessions.
   *
   * @param budget the budget from {@code /gateway/bot}; null for none
   */
  static IdentifyLimiter budgeted(
      int maxConcurrency,
      SessionBudget budget,
      Duration margin,
      Scheduler scheduler,
      BiConsumer<ShardInfo, GatewayException> onBlocked) {
    return new BudgetedIdentifyLimiter(maxConcurrency, budget, margin, scheduler, onBlocked);
  }
}
