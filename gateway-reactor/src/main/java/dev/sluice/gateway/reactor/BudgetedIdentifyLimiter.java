package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.limit.IdentifyBuckets;
import dev.sluice.gateway.core.limit.SessionBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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

  /** Per bucket, the cold-start shard ids still to identify, in id order. */
  private final Map<Integer, java.util.ArrayDeque<Integer>> startOrder = new HashMap<>();

  /** Per planned shard, the signal that its bucket predecessor has been granted. */
  private final Map<Integer, Sinks.Empty<Void>> turns = new HashMap<>();

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

  /**
   * Reserves the cold-start slots of {@code shards} in shard-id order, so every bucket starts its
   * shards in id order whatever order their connections happen to reach Hello in.
   */
  synchronized void planStart(List<ShardInfo> shards) {
    shards.stream()
        .sorted(java.util.Comparator.comparingInt(ShardInfo::id))
        .forEach(
            shard -> {
              int key = IdentifyBuckets.key(shard.id(), maxConcurrency);
              startOrder.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).add(shard.id());
              turns.put(shard.id(), Sinks.empty());
            });
    startOrder.values().forEach(queue -> turns.get(queue.peek()).tryEmitEmpty());
  }

  /**
   * Takes {@code shardId} out of its bucket's start order and returns the next planned shard's turn
   * signal (to be emitted once the lock is released), or null.
   */
  private Sinks.Empty<Void> passTurn(int shardId) {
    turns.remove(shardId);
    java.util.ArrayDeque<Integer> queue =
        startOrder.get(IdentifyBuckets.key(shardId, maxConcurrency));
    if (queue != null && queue.remove(shardId) && !queue.isEmpty()) {
      return turns.get(queue.peek());
    }
    return null;
  }

  @Override
  public Mono<Void> acquire(ShardInfo shard) {
    return Mono.defer(
        () -> {
          Sinks.Empty<Void> turn;
          synchronized (this) {
            turn = turns.get(shard.id());
          }
          if (turn == null) {
            return grant(shard);
          }
          // A planned shard waits for its bucket predecessor, but not forever (it may be down).
          return turn.asMono()
              .timeout(spacing.multipliedBy(2), scheduler)
              .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.empty())
              .then(Mono.defer(() -> grant(shard)));
        });
  }

  private Mono<Void> grant(ShardInfo shard) {
    return Mono.defer(
        () -> {
          Instant now = Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
          Duration untilReset = null;
          Duration wait;
          Sinks.Empty<Void> nextTurn;
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
            nextTurn = passTurn(shard.id());
          }
          if (nextTurn != null) {
            // Outside the lock and after this shard's slot is booked: the next shard queues behind
            // it.
            nextTurn.tryEmitEmpty();
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
}
