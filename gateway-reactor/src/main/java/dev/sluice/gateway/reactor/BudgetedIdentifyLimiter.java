package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.limit.IdentifyBuckets;
import dev.sluice.gateway.core.internal.limit.SessionBudget;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
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
  private final Map<Integer, Instant> nextSlot = new HashMap<>();

  /** Per bucket, the cold-start shard ids still to identify, in id order. */
  private final Map<Integer, java.util.ArrayDeque<Integer>> startOrder = new HashMap<>();

  /** Per planned shard, the signal that its bucket predecessor has been granted. */
  private final Map<Integer, Sinks.Empty<Void>> turns = new HashMap<>();

  private SessionBudget budget;

  BudgetedIdentifyLimiter(
      int maxConcurrency,
      GatewayBot.SessionStartLimit limit,
      int reserve,
      Duration margin,
      Scheduler scheduler) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max_concurrency must be at least 1");
    }
    if (reserve < 0) {
      throw new IllegalArgumentException("reserve must not be negative");
    }
    if (margin.isNegative()) {
      throw new IllegalArgumentException("identify margin must not be negative");
    }
    this.maxConcurrency = maxConcurrency;
    this.scheduler = scheduler;
    this.budget =
        limit == null
            ? null
            : SessionBudget.of(
                limit.total(),
                limit.remaining(),
                limit.resetAfterDuration(),
                Math.min(reserve, limit.total()),
                Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS)));
    this.spacing = IdentifyBuckets.WINDOW.plus(margin);
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
  public synchronized OptionalInt sessionsRemaining() {
    return budget == null ? OptionalInt.empty() : OptionalInt.of(budget.remaining());
  }

  @Override
  public Flux<IdentifyWait> acquire(ShardInfo shard) {
    return Flux.defer(
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
              .thenMany(Flux.defer(() -> grant(shard)));
        });
  }

  private Flux<IdentifyWait> grant(ShardInfo shard) {
    return Flux.defer(
        () -> {
          Instant now = Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
          Duration untilReset = null;
          Duration wait;
          Sinks.Empty<Void> nextTurn;
          Instant consumedIn = null; // the budget window a session start was taken from
          synchronized (this) {
            if (budget != null) {
              budget = budget.at(now);
              if (!budget.canIdentify()) {
                untilReset = budget.untilReset(now);
              } else {
                budget = budget.consume();
                consumedIn = budget.resetAt();
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
            IdentifyWait exhausted =
                new IdentifyWait(
                    IdentifyWait.Reason.BUDGET_EXHAUSTED,
                    untilReset,
                    "session budget is down to its reserve of "
                        + budget.reserve()
                        + "; identify waits "
                        + untilReset.toSeconds()
                        + " s for the reset");
            // Wait for the reset, then queue again like any other Identify.
            return Flux.concat(
                Mono.just(exhausted),
                Mono.delay(untilReset.plusMillis(1), scheduler).thenMany(acquire(shard)));
          }
          if (wait.isZero()) {
            return Flux.empty();
          }
          // Given up before its slot (the shard's connection ended while it queued), the permit
          // gives its session start back: the budget pays only for permits handed out.
          Instant window = consumedIn;
          return Mono.delay(wait, scheduler)
              .doOnCancel(() -> refund(window))
              .thenMany(Flux.empty());
        });
  }

  /** Gives back a session start taken in the budget window ending at {@code window}. */
  private synchronized void refund(Instant window) {
    if (window != null
        && budget != null
        && budget.resetAt().equals(window)
        && budget.remaining() < budget.total()) {
      budget =
          new SessionBudget(
              budget.total(), budget.remaining() + 1, budget.resetAt(), budget.reserve());
    }
  }
}
