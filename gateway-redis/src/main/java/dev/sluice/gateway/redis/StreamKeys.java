package dev.sluice.gateway.redis;

/**
 * Where fan-out lives in a {@link RedisKeyspace}. Every key of a shard shares its partition's hash
 * tag with the shard's lease and session, so one script can check the fence, store the sequence and
 * append to the stream at once.
 *
 * <pre>
 * {sluice:p&lt;P&gt;}:ev            STREAM of the dispatches of every shard s with s % partitions == P
 * {sluice:p&lt;P&gt;}:dlq:&lt;group&gt;   STREAM of the entries a group gave up on, with the last error
 * {sluice:p&lt;P&gt;}:cmd:&lt;s&gt;       STREAM of commands for shard s, sent by the lease holder
 * {sluice:p&lt;P&gt;}:cmdpos:&lt;s&gt;    id of the last command sent to shard s (fenced)
 * </pre>
 */
final class StreamKeys {

  private StreamKeys() {}

  static int partition(RedisKeyspace keys, int shard) {
    return shard % keys.partitions();
  }

  static String events(RedisKeyspace keys, int partition) {
    return tag(keys, partition) + ":ev";
  }

  static String deadLetters(RedisKeyspace keys, int partition, String group) {
    return tag(keys, partition) + ":dlq:" + group;
  }

  static String commands(RedisKeyspace keys, int shard) {
    return tag(keys, partition(keys, shard)) + ":cmd:" + shard;
  }

  static String commandPosition(RedisKeyspace keys, int shard) {
    return tag(keys, partition(keys, shard)) + ":cmdpos:" + shard;
  }

  /**
   * The publish cursor of a shard's batches (publisher id, last batch number), written by the
   * publish script only.
   */
  static String published(RedisKeyspace keys, int shard) {
    return tag(keys, partition(keys, shard)) + ":pub:" + shard;
  }

  private static String tag(RedisKeyspace keys, int partition) {
    return "{" + keys.cluster() + ":p" + partition + "}";
  }
}
