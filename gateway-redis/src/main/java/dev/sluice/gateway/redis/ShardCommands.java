package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Queues a {@link GatewayCommand} (presence, voice state, request guild members...) for a shard
 * this process does not hold: it is appended to the shard's command stream ({@code
 * {<cluster>:p<P>}:cmd:<s>}), and the node holding the shard's lease sends it (see {@link
 * EventSink}). A handoff loses nothing: the next holder starts after the last command recorded as
 * sent.
 *
 * <pre>{@code
 * ShardCommands commands = ShardCommands.create(redis, keyspace);
 * commands.send(3, RequestGuildMembers.query(guildId, "", 0)).subscribe();
 * }</pre>
 *
 * <p>Thread-safe. Delivery is at least once: a command sent by a node that dies before recording it
 * is sent again by the next holder.
 */
public final class ShardCommands {

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;

  private ShardCommands(LettuceAdapter redis, RedisKeyspace keys) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keyspace");
  }

  /** Commands into {@code keyspace}'s shards. */
  public static ShardCommands create(LettuceAdapter redis, RedisKeyspace keyspace) {
    return new ShardCommands(redis, keyspace);
  }

  /**
   * Queues {@code command} for shard {@code shard}; completes with the entry id once Redis has it.
   * Fails with {@code GatewayException} {@code PAYLOAD_TOO_LARGE} over 4096 bytes, before anything
   * is queued.
   *
   * @throws IllegalArgumentException if {@code shard} is negative
   */
  public Mono<String> send(int shard, GatewayCommand command) {
    Objects.requireNonNull(command, "command");
    if (shard < 0) {
      throw new IllegalArgumentException("shard must be >= 0, was " + shard);
    }
    return Mono.fromCallable(() -> new String(GatewayCodec.encode(command), StandardCharsets.UTF_8))
        .flatMap(
            payload ->
                redis.run(
                    FanoutScripts.SEND_COMMAND,
                    List.of(StreamKeys.commands(keys, shard)),
                    List.of(payload)))
        .map(reply -> String.valueOf(reply.get(0)));
  }

  @Override
  public String toString() {
    return "ShardCommands[" + keys.cluster() + "]";
  }
}
