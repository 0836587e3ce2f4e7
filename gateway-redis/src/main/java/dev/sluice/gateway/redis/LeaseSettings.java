package dev.sluice.gateway.redis;

import java.time.Duration;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of a {@link RedisShardLeases}, validated when set. Immutable.
 *
 * @param node this node's name, unique in the cluster (e.g. host + pid); no {@code |}
 * @param shardCount the bot's total shard count
 * @param leaseTtl how long a lease lives unrenewed; renewed every {@code ttl/3}
 * @param nodeTtl how long a silent node still counts as live for placement
 * @param margin how long before the lease could expire a node that cannot renew fences itself
 * @param scheduler every timer
 */
public record LeaseSettings(
    String node,
    int shardCount,
    Duration leaseTtl,
    Duration nodeTtl,
    Duration margin,
    Scheduler scheduler) {

  /** Builds a {@link RedisShardLeases}. */
  public static final class Builder {
    private final LettuceAdapter redis;
    private final RedisKeyspace keyspace;
    private final String node;
    private final int shardCount;
    private Duration leaseTtl = Duration.ofSeconds(10);
    private Duration nodeTtl;
    private Duration margin;
    private Scheduler scheduler = Schedulers.parallel();

    Builder(LettuceAdapter redis, RedisKeyspace keyspace, String node, int shardCount) {
      this.redis = Objects.requireNonNull(redis, "redis");
      this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
      Objects.requireNonNull(node, "node");
      if (node.isBlank() || node.indexOf('|') >= 0) {
        throw new IllegalArgumentException("node name must be non-blank and without '|'");
      }
      if (shardCount < 1) {
        throw new IllegalArgumentException("shard count must be at least 1, was " + shardCount);
      }
      this.node = node;
      this.shardCount = shardCount;
    }

    /** Lease ttl, at least 300 ms (default 10 s; tests use 2–3 s). */
    public Builder leaseTtl(Duration value) {
      Objects.requireNonNull(value, "leaseTtl");
      if (value.toMillis() < 300) {
        throw new IllegalArgumentException("lease ttl must be at least 300 ms, was " + value);
      }
      this.leaseTtl = value;
      return this;
    }

    /** Node ttl (default: the lease ttl); must exceed a third of the lease ttl. */
    public Builder nodeTtl(Duration value) {
      this.nodeTtl = Objects.requireNonNull(value, "nodeTtl");
      return this;
    }

    /** Self-fence margin (default ttl/10); below a third of the lease ttl. */
    public Builder margin(Duration value) {
      this.margin = Objects.requireNonNull(value, "margin");
      return this;
    }

    /** The scheduler of every timer (default parallel). */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * The leases.
     *
     * @throws IllegalArgumentException if the node ttl or margin do not fit the lease ttl
     */
    public RedisShardLeases build() {
      Duration period = leaseTtl.dividedBy(3);
      Duration nodes = nodeTtl == null ? leaseTtl : nodeTtl;
      Duration fenceMargin = margin == null ? leaseTtl.dividedBy(10) : margin;
      if (nodes.compareTo(period) <= 0) {
        throw new IllegalArgumentException("node ttl must exceed the renew period " + period);
      }
      if (fenceMargin.isNegative() || fenceMargin.compareTo(period) >= 0) {
        throw new IllegalArgumentException("margin must be in [0, " + period + ")");
      }
      return new RedisShardLeases(
          redis,
          keyspace,
          new LeaseSettings(node, shardCount, leaseTtl, nodes, fenceMargin, scheduler));
    }
  }
}
