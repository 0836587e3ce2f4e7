package dev.sluice.gateway.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A shard: its id and the total shard count, as Identify's {@code shard: [id, count]}.
 *
 * @param id 0-based shard id, {@code 0 <= id < count}
 * @param count the total number of shards, at least 1
 */
public record ShardInfo(int id, int count) {

  /** The single shard of an unsharded bot, {@code [0, 1]}. */
  public static final ShardInfo SINGLE = new ShardInfo(0, 1);

  /**
   * @throws IllegalArgumentException if {@code count < 1} or {@code id} is outside {@code [0,
   *     count)}
   */
  public ShardInfo {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, was " + count);
    }
    if (id < 0 || id >= count) {
      throw new IllegalArgumentException("shard id must be in [0, " + count + "), was " + id);
    }
  }

  /** The shard {@code [id, count]}. */
  public static ShardInfo of(int id, int count) {
    return new ShardInfo(id, count);
  }

  @JsonCreator
  static ShardInfo fromArray(int[] pair) {
    if (pair == null || pair.length != 2) {
      throw new IllegalArgumentException("shard must be [id, count]");
    }
    return new ShardInfo(pair[0], pair[1]);
  }

  /** The wire form, {@code [id, count]}. */
  @JsonValue
  public int[] toArray() {
    return new int[] {id, count};
  }

  /**
   * The shard that receives events of {@code guildId}: {@code (guildId >> 22) % count}, unsigned.
   * Events without a guild go to shard 0.
   */
  public static int forGuild(long guildId, int count) {
    return (int) Long.remainderUnsigned(guildId >>> 22, count);
  }

  @Override
  public String toString() {
    return "[" + id + ", " + count + "]";
  }
}
