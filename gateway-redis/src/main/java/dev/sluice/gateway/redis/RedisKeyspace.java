package dev.sluice.gateway.redis;

import java.util.Objects;

/**
 * Where one bot's coordination state lives in Redis: every key starts with a hash tag made of the
 * cluster name, so one cluster's keys never collide with another's, and each Lua script touches
 * keys of a single Redis Cluster slot. Shard keys are spread over {@code partitions} slots ({@code
 * shard % partitions}).
 *
 * <pre>
 * {sluice:idn}:epoch        server ms of first use (missing: Redis lost its state)
 * {sluice:idn}:daily        session starts left, PX reset_after
 * {sluice:idn}:b:&lt;k&gt;       Identify bucket k = shard % max_concurrency, PX interval
 * {sluice}:nodes            ZSET node -&gt; last heartbeat (server ms)
 * {sluice:p&lt;P&gt;}:lease:&lt;s&gt;  "node|fence", PX lease ttl
 * {sluice:p&lt;P&gt;}:fence:&lt;s&gt;  fence counter, never expires
 * {sluice:p&lt;P&gt;}:sess:&lt;s&gt;   HASH sid, seq, resume_url, shard_count, fence
 * </pre>
 *
 * @param cluster the cluster name (default {@code sluice}); no braces
 * @param partitions how many slots shard keys are spread over, at least 1 (default 16)
 */
public record RedisKeyspace(String cluster, int partitions) {

  /** The default keyspace, {@code sluice} with 16 partitions. */
  public static final RedisKeyspace DEFAULT = new RedisKeyspace("sluice", 16);

  /**
   * @throws IllegalArgumentException if the name is blank or has braces, or partitions {@code < 1}
   */
  public RedisKeyspace {
    Objects.requireNonNull(cluster, "cluster");
    if (cluster.isBlank() || cluster.indexOf('{') >= 0 || cluster.indexOf('}') >= 0) {
      throw new IllegalArgumentException("cluster name must be non-blank and without braces");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
  }

  /** The keyspace of cluster {@code name} with 16 partitions. */
  public static RedisKeyspace of(String name) {
    return new RedisKeyspace(name, 16);
  }

  String epoch() {
    return "{" + cluster + ":idn}:epoch";
  }

  String daily() {
    return "{" + cluster + ":idn}:daily";
  }

  String bucket(int key) {
    return "{" + cluster + ":idn}:b:" + key;
  }

  String nodes() {
    return "{" + cluster + "}:nodes";
  }

  String lease(int shard) {
    return shardKey(shard, "lease");
  }

  String fence(int shard) {
    return shardKey(shard, "fence");
  }

  String session(int shard) {
    return shardKey(shard, "sess");
  }

  private String shardKey(int shard, String kind) {
    return "{" + cluster + ":p" + (shard % partitions) + "}:" + kind + ":" + shard;
  }
}
