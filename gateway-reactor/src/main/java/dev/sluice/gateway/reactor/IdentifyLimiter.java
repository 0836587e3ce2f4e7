package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.OptionalInt;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Gates every Identify (at start-up and after every re-identify; Resumes bypass it). Discord allows
 * one Identify per {@code shard_id % max_concurrency} bucket per 5 s, and a daily budget of session
 * starts whose exhaustion resets the bot's token. One limiter is shared by all shards of a bot: in
 * one JVM the {@linkplain #budgeted local one}, across processes a shared one (gateway-redis).
 *
 * <p>Implementations are thread-safe and time every wait on a {@code Scheduler}.
 */
public interface IdentifyLimiter {

  /**
   * Waits for {@code shard}'s permit. Emits an {@link IdentifyWait} whenever the wait is for a
   * reason worth showing (the client turns each into {@link GatewayState.AwaitingIdentify}), and
   * completes when the shard may send Identify now: the permit is spent on completion, whether or
   * not the Identify then succeeds. Cancelling gives up the wait (the local limiters then give the
   * session start it had taken back to the budget).
   */
  Flux<IdentifyWait> acquire(ShardInfo shard);

  /**
   * The session starts left in the daily budget as this limiter last knew it, for metrics; empty
   * (the default) when it keeps no budget.
   */
  default OptionalInt sessionsRemaining() {
    return OptionalInt.empty();
  }

  /**
   * An in-process limiter: one Identify per bucket per 5 s plus {@code margin}, in the order shards
   * ask, timed on {@code scheduler}; no session budget.
   */
  static IdentifyLimiter local(int maxConcurrency, Duration margin, Scheduler scheduler) {
    return new BudgetedIdentifyLimiter(maxConcurrency, null, 0, margin, scheduler);
  }

  /**
   * An in-process limiter that also keeps the daily session budget: while an Identify would dip
   * into the budget's {@code reserve}, the shard is told ({@link
   * IdentifyWait.Reason#BUDGET_EXHAUSTED}) and waits for the reset instead of burning the last
   * session starts.
   *
   * @param limit {@code session_start_limit} from {@code /gateway/bot} (its {@code max_concurrency}
   *     sets the buckets); null for one bucket and no budget
   * @param reserve session starts never spent automatically
   */
  static IdentifyLimiter budgeted(
      GatewayBot.SessionStartLimit limit, int reserve, Duration margin, Scheduler scheduler) {
    return new BudgetedIdentifyLimiter(
        limit == null ? 1 : Math.max(1, limit.maxConcurrency()), limit, reserve, margin, scheduler);
  }
}
