package dev.sluice.gateway.micrometer;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.GatewayObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what gateway clients do as Micrometer meters: a {@link GatewayObserver} to set on a
 * client or, for every shard, on a group. Needs no Spring (the Spring Boot starter registers one
 * when Micrometer is on the class path).
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * ShardGroup shards =
 *     ShardGroup.builder(token)
 *         .eachShard(shard -> shard.observer(SluiceMetrics.of(registry)))
 *         .build();
 * }</pre>
 *
 * <p>Meters, each tagged {@code shard} (the shard id) plus the common tags given, with bounded
 * cardinality (names and reasons are fixed sets, everything else is {@code other}):
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>sluice.events.received</td><td>counter</td><td>type</td>
 *       <td>dispatches, by Discord event name ({@code other} for names not in Discord's docs)</td></tr>
 *   <tr><td>sluice.events.dropped</td><td>counter</td><td>policy</td>
 *       <td>events a full subscriber buffer dropped or failed on</td></tr>
 *   <tr><td>sluice.heartbeat.roundtrip</td><td>timer</td><td></td>
 *       <td>heartbeat to ACK</td></tr>
 *   <tr><td>sluice.reconnects</td><td>counter</td><td>reason</td>
 *       <td>connections ended with a reconnect ({@code zombie}, {@code invalid_session}, ...)</td></tr>
 *   <tr><td>sluice.resumes</td><td>counter</td><td>outcome</td>
 *       <td>{@code succeeded}, or {@code failed} (the shard identified anew)</td></tr>
 *   <tr><td>sluice.resume.replayed</td><td>counter</td><td></td>
 *       <td>missed dispatches replayed by successful resumes</td></tr>
 *   <tr><td>sluice.identifies</td><td>counter</td><td></td><td>Identify payloads sent</td></tr>
 *   <tr><td>sluice.invalid.sessions</td><td>counter</td><td>resumable</td><td>op 9</td></tr>
 *   <tr><td>sluice.session.budget.remaining</td><td>gauge</td><td></td>
 *       <td>session starts left, as last known (NaN until known)</td></tr>
 *   <tr><td>sluice.shard.state</td><td>gauge</td><td></td>
 *       <td>the state as a number, see {@link ShardStates}</td></tr>
 *   <tr><td>sluice.outbound.queue</td><td>gauge</td><td></td>
 *       <td>frames waiting in the outbound queue</td></tr>
 *   <tr><td>sluice.commands.sent</td><td>counter</td><td></td><td>user commands written</td></tr>
 * </table>
 *
 * <p>Thread-safe; one instance serves any number of clients and shards. Each shard's meters are
 * registered when its client is built ({@link #forShard}); a restarted shard reuses them. The
 * per-event cost is one map lookup by event name (a cached hash) and one counter increment.
 */
public final class SluiceMetrics implements GatewayObserver {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<Integer, ShardMeters> shards = new ConcurrentHashMap<>();

  private SluiceMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  /** Meters in {@code registry}, tagged by shard only. */
  public static SluiceMetrics of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /**
   * Meters in {@code registry} with {@code commonTags} on every one (a bot name, say; keep them few
   * and fixed).
   */
  public static SluiceMetrics of(MeterRegistry registry, Iterable<Tag> commonTags) {
    return new SluiceMetrics(
        Objects.requireNonNull(registry, "registry"),
        Tags.of(Objects.requireNonNull(commonTags, "common tags")));
  }

  /** The shard's meters, registered on first use. */
  @Override
  public GatewayObserver forShard(ShardInfo shard) {
    return shards.computeIfAbsent(
        shard.id(), id -> new ShardMeters(registry, tags.and("shard", Integer.toString(id))));
  }

  @Override
  public String toString() {
    return "SluiceMetrics[" + shards.size() + " shards]";
  }
}
