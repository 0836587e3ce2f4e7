package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.event.GatewayEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of an {@link EventSource}, validated when set. Immutable.
 *
 * @param group the consumer group (one per consuming service)
 * @param consumer this process's name in the group (unique per process)
 * @param batch the most entries read at once per partition
 * @param poll how long an empty read waits before the next
 * @param minIdle how long an entry stays unacked before another consumer may claim it
 * @param claimEvery how often each partition is checked for entries to claim
 * @param maxDeliveries after this many failed deliveries an entry goes to the dead letters
 * @param scheduler every timer
 */
public record SourceSettings(
    String group,
    String consumer,
    int batch,
    Duration poll,
    Duration minIdle,
    Duration claimEvery,
    int maxDeliveries,
    Scheduler scheduler) {

  /**
   * Builds an {@link EventSource}. Defaults: batch 256, poll 10 ms, min idle 30 s, claims every min
   * idle / 4, 5 deliveries, the parallel scheduler.
   */
  public static final class Builder {
    private final LettuceAdapter redis;
    private final RedisKeyspace keys;
    private final String group;
    private final String consumer;
    private final EventHandlers handlers = new EventHandlers();
    private int batch = 256;
    private Duration poll = Duration.ofMillis(10);
    private Duration minIdle = Duration.ofSeconds(30);
    private Duration claimEvery;
    private int maxDeliveries = 5;
    private Scheduler scheduler = Schedulers.parallel();

    Builder(LettuceAdapter redis, RedisKeyspace keys, String group, String consumer) {
      this.redis = Objects.requireNonNull(redis, "redis");
      this.keys = Objects.requireNonNull(keys, "keyspace");
      this.group = name(group, "group");
      this.consumer = name(consumer, "consumer");
    }

    private static String name(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank() || value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
        throw new IllegalArgumentException(what + " must be non-blank and without braces");
      }
      return value;
    }

    /**
     * Runs {@code handler} for every event of {@code type} ({@code GatewayEvent.class}: every
     * event, typed where Sluice models it; {@code RawEvent.class}: every event undecoded). The
     * entry is acked when the returned {@code Mono} completes.
     */
    public <T extends GatewayEvent> Builder on(
        Class<T> type, Function<? super T, ? extends Mono<Void>> handler) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
      handlers.add(type, handler);
      return this;
    }

    /** The most entries read at once per partition (default 256). */
    public Builder batch(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batch must be at least 1");
      }
      this.batch = value;
      return this;
    }

    /** How long an empty read waits before the next (default 10 ms). */
    public Builder poll(Duration value) {
      this.poll = positive(value, "poll");
      return this;
    }

    /** How long an entry stays unacked before it may be claimed again (default 30 s). */
    public Builder minIdle(Duration value) {
      this.minIdle = positive(value, "minIdle");
      return this;
    }

    /** How often each partition is checked for idle entries (default min idle / 4). */
    public Builder claimEvery(Duration value) {
      this.claimEvery = positive(value, "claimEvery");
      return this;
    }

    /** Failed deliveries after which an entry is dead-lettered (default 5). */
    public Builder maxDeliveries(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxDeliveries must be at least 1");
      }
      this.maxDeliveries = value;
      return this;
    }

    /** The scheduler of every timer (default parallel). */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    private static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return value;
    }

    /**
     * The source.
     *
     * @throws IllegalStateException if no handler was registered
     */
    public EventSource build() {
      if (handlers.isEmpty()) {
        throw new IllegalStateException("register at least one handler with on(type, handler)");
      }
      Duration claims = claimEvery != null ? claimEvery : minIdle.dividedBy(4);
      return new EventSource(
          redis,
          keys,
          new SourceSettings(
              group, consumer, batch, poll, minIdle, claims, maxDeliveries, scheduler),
          handlers);
    }
  }
}
