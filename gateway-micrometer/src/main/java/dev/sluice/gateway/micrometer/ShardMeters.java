package dev.sluice.gateway.micrometer;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.GatewayObserver;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.OverflowPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One shard's meters, the observer {@link SluiceMetrics#forShard} hands to that shard's client.
 * Called on the client's threads; counters are created on first use from a bounded set of tags.
 */
final class ShardMeters implements GatewayObserver {

  private final MeterRegistry registry;
  private final Tags tags;
  // By dispatch name; unknown names are not cached (they all share the "other" counter).
  private final Map<String, Counter> received = new ConcurrentHashMap<>();
  private final Counter other;
  private final Map<String, Counter> byTag = new ConcurrentHashMap<>();
  private final Timer roundTrip;
  private final Counter resumed;
  private final Counter resumeFailed;
  private final Counter replayed;
  private final Counter identifies;
  private final Counter commands;
  private final AtomicInteger state = new AtomicInteger(ShardStates.NOT_STARTED);
  private final AtomicInteger queue = new AtomicInteger();
  private final AtomicInteger budget = new AtomicInteger(-1);

  ShardMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.other = eventCounter(EventNames.OTHER);
    this.roundTrip =
        Timer.builder("sluice.heartbeat.roundtrip")
            .description("Heartbeat to its ACK")
            .tags(tags)
            .register(registry);
    this.resumed = counter("sluice.resumes", "outcome", "succeeded");
    this.resumeFailed = counter("sluice.resumes", "outcome", "failed");
    this.replayed = counter("sluice.resume.replayed", null, null);
    this.identifies = counter("sluice.identifies", null, null);
    this.commands = counter("sluice.commands.sent", null, null);
    gauge("sluice.shard.state", state, "The shard's state (0 not started ... 5 ready ...)");
    gauge("sluice.outbound.queue", queue, "Frames waiting in the outbound queue");
    Gauge.builder(
            "sluice.session.budget.remaining", budget, b -> b.get() < 0 ? Double.NaN : b.get())
        .description("Session starts left in the daily budget, as last known")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void eventReceived(ShardInfo shard, String type) {
    Counter counter = received.get(type);
    if (counter == null) {
      counter = newEventCounter(type);
    }
    counter.increment();
  }

  private Counter newEventCounter(String type) {
    String tag = EventNames.tag(type);
    if (tag == EventNames.OTHER) {
      return other;
    }
    return received.computeIfAbsent(type, this::eventCounter);
  }

  private Counter eventCounter(String tag) {
    return Counter.builder("sluice.events.received")
        .description("Dispatches received")
        .tags(tags)
        .tag("type", tag)
        .register(registry);
  }

  @Override
  public void eventDropped(ShardInfo shard, String type, OverflowPolicy policy) {
    tagged("sluice.events.dropped", "policy", policy.name().toLowerCase(Locale.ROOT)).increment();
  }

  @Override
  public void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {
    this.roundTrip.record(roundTrip);
  }

  @Override
  public void stateChanged(ShardInfo shard, GatewayState state) {
    this.state.set(ShardStates.of(state));
  }

  @Override
  public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
    tagged("sluice.reconnects", "reason", reasonTag(reason)).increment();
  }

  /** A fixed set: the cause of resumable and re-identifying ends, else the kind of end. */
  static String reasonTag(DisconnectReason reason) {
    String name;
    if (reason instanceof DisconnectReason.Resumable r) {
      name = r.cause().name();
    } else if (reason instanceof DisconnectReason.Reidentify r) {
      name = r.cause().name();
    } else if (reason instanceof DisconnectReason.InvalidSession) {
      name = "INVALID_SESSION";
    } else if (reason instanceof DisconnectReason.Fatal) {
      name = "FATAL";
    } else {
      name = "SHUTDOWN";
    }
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public void invalidSession(ShardInfo shard, boolean resumable) {
    tagged("sluice.invalid.sessions", "resumable", Boolean.toString(resumable)).increment();
  }

  @Override
  public void identifySent(ShardInfo shard) {
    identifies.increment();
  }

  @Override
  public void sessionBudgetRemaining(ShardInfo shard, int remaining) {
    budget.set(Math.max(0, remaining));
  }

  @Override
  public void resumeSucceeded(ShardInfo shard, long replayed) {
    resumed.increment();
    this.replayed.increment(replayed);
  }

  @Override
  public void resumeFailed(ShardInfo shard) {
    resumeFailed.increment();
  }

  @Override
  public void commandSent(ShardInfo shard) {
    commands.increment();
  }

  @Override
  public void outboundQueueLength(ShardInfo shard, int length) {
    queue.set(length);
  }

  private Counter tagged(String name, String key, String value) {
    return byTag.computeIfAbsent(name + '\0' + value, k -> counter(name, key, value));
  }

  private Counter counter(String name, String key, String value) {
    Counter.Builder builder = Counter.builder(name).tags(tags);
    return (key == null ? builder : builder.tag(key, value)).register(registry);
  }

  private void gauge(String name, AtomicInteger value, String description) {
    Gauge.builder(name, value, AtomicInteger::get)
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }
}
