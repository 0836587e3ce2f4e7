package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.command.GatewayCommand;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.redis.RedisCoordinationException.Kind;
import io.lettuce.core.protocol.CommandArgs;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway side of fan-out: every dispatch of the shards a {@link ShardCluster} node holds is
 * appended to its partition's Redis stream ({@code {<cluster>:p<P>}:ev}, partition {@code shard %
 * partitions}), undecoded, with its shard, session id, sequence and the lease's fence. Each batch
 * of a shard (the cluster's batch window and size) is <b>one</b> Lua script that refuses a stale
 * fence, appends only events above the shard's stored sequence and stores the new sequence in the
 * same step: a batch sent again (after a reconnect) appends nothing twice, and the session store's
 * sequence is always the last event published. Events of one shard keep their order in the stream.
 * Up to two batches of a shard are in flight at once: the script refuses a batch whose predecessor
 * is not stored ({@code OUT_OF_ORDER}, nothing appended), and it is sent again after that one, so
 * the stream never has a hole.
 *
 * <p>It also sends the commands workers queue for a shard ({@link ShardCommands}) while this node
 * holds the shard's lease, and records each one sent (fenced), so the next holder continues after
 * it.
 *
 * <pre>{@code
 * EventSink sink = EventSink.create(redis, keyspace);
 * ShardCluster node = ShardCluster.builder(token, leases, stores, limiter).publishTo(sink).build();
 * }</pre>
 *
 * <p>Thread-safe; one per node. Commands are polled every {@code commandPoll} (default 20 ms) per
 * held shard.
 */
public final class EventSink {

  private static final Logger log = LoggerFactory.getLogger(EventSink.class);
  private static final int COMMAND_BATCH = 64;

  /** Publish scripts one shard may have in flight. */
  static final int IN_FLIGHT = 2;

  private final LettuceAdapter redis;
  private final RedisKeyspace keys;
  private final Duration commandPoll;
  private final Scheduler scheduler;

  private EventSink(
      LettuceAdapter redis, RedisKeyspace keys, Duration commandPoll, Scheduler scheduler) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keyspace");
    this.commandPoll = Objects.requireNonNull(commandPoll, "commandPoll");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (commandPoll.isNegative() || commandPoll.isZero()) {
      throw new IllegalArgumentException("command poll must be positive");
    }
  }

  /** A sink into {@code keyspace}, polling commands every 20 ms on the parallel scheduler. */
  public static EventSink create(LettuceAdapter redis, RedisKeyspace keyspace) {
    return create(redis, keyspace, Duration.ofMillis(20), Schedulers.parallel());
  }

  /**
   * A sink into {@code keyspace}, polling each held shard's commands every {@code commandPoll}.
   *
   * @throws IllegalArgumentException if {@code commandPoll} is not positive
   */
  public static EventSink create(
      LettuceAdapter redis, RedisKeyspace keyspace, Duration commandPoll, Scheduler scheduler) {
    return new EventSink(redis, keyspace, commandPoll, scheduler);
  }

  /**
   * The batch store of {@code lease}'s shard: events and sequence in one fenced script, up to
   * {@link #IN_FLIGHT} batches in flight (the script refuses a batch whose predecessor is not
   * stored).
   */
  BatchStore batches(ShardLease lease) {
    int shard = lease.shard().id();
    List<String> scriptKeys =
        List.of(
            keys.lease(shard),
            keys.session(shard),
            StreamKeys.events(keys, StreamKeys.partition(keys, shard)),
            StreamKeys.published(keys, shard));
    AtomicReference<Publisher> publisher = new AtomicReference<>(Publisher.first(lease));
    return new BatchStore() {
      @Override
      public Mono<Void> store(
          Session last,
          List<String> sessionIds,
          List<RawEvent> batch,
          long number,
          boolean rebase) {
        return Mono.defer(
            () -> {
              Publisher p =
                  rebase
                      ? publisher.updateAndGet(c -> c.rebasedAt(number, lease))
                      : publisher.get();
              return publish(lease, scriptKeys, p.id(), number - p.base(), last, sessionIds, batch);
            });
      }

      @Override
      public int inFlight() {
        return IN_FLIGHT;
      }
    };
  }

  /**
   * Who numbers a shard run's batches for the publish script: a random id, and the gate's batch
   * number that is its batch 0 (a new id after Redis lost the record of the last batch).
   */
  private record Publisher(String id, long base) {

    static Publisher first(ShardLease lease) {
      return new Publisher(newId(lease), 0);
    }

    /** A new publisher whose batch 1 is the gate's {@code number}, unless this is one already. */
    Publisher rebasedAt(long number, ShardLease lease) {
      return base == number - 1 ? this : new Publisher(newId(lease), number - 1);
    }

    private static String newId(ShardLease lease) {
      return lease.fence() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
  }

  private Mono<Void> publish(
      ShardLease lease,
      List<String> scriptKeys,
      String publisher,
      long number,
      Session last,
      List<String> sessionIds,
      List<RawEvent> batch) {
    return Mono.defer(
        () -> {
          if (lease.isLost()) {
            return Mono.error(
                RedisCoordinationException.of(
                    Kind.FENCED, "lease of shard " + lease.shard() + " is lost"));
          }
          long fence = lease.fence();
          String url = last.resumeGatewayUrl();
          int count = lease.shard().count();
          String prefix = EntryHeader.prefix(lease.shard().id(), count, fence);
          return redis
              .runRaw(
                  FanoutScripts.PUBLISH,
                  scriptKeys,
                  args -> {
                    args.add(fence).add(url).add(count).add(publisher).add(number);
                    addEvents(args, prefix, sessionIds, batch);
                  })
              .then();
        });
  }

  /** Per event: session id, sequence, header ({@link EntryHeader}), the body as its bytes. */
  private static void addEvents(
      CommandArgs<String, String> args,
      String prefix,
      List<String> sessionIds,
      List<RawEvent> batch) {
    String sid = null;
    String escaped = null;
    for (int i = 0; i < batch.size(); i++) {
      String s = sessionIds.get(i);
      if (s == null) {
        continue;
      }
      if (!s.equals(sid)) {
        sid = s;
        escaped = EntryHeader.escape(s);
      }
      RawEvent event = batch.get(i);
      long sequence = event.meta().sequence();
      args.add(s)
          .add(sequence)
          .add(EntryHeader.of(prefix, sequence, escaped, event.meta().type()))
          .add(event.bytes());
    }
  }

  /**
   * Sends the commands queued for {@code lease}'s shard through {@code client}, each after the last
   * one sent, until cancelled or the lease is fenced.
   */
  Mono<Void> relayCommands(ShardLease lease, GatewayClient client) {
    int shard = lease.shard().id();
    List<String> readKeys =
        List.of(
            keys.lease(shard),
            StreamKeys.commands(keys, shard),
            StreamKeys.commandPosition(keys, shard));
    List<String> sentKeys =
        List.of(
            keys.lease(shard),
            StreamKeys.commandPosition(keys, shard),
            StreamKeys.commands(keys, shard));
    String fence = Long.toString(lease.fence());
    return Mono.defer(
            () ->
                redis
                    .run(FanoutScripts.COMMANDS, readKeys, List.of(fence, "" + COMMAND_BATCH))
                    .flatMap(
                        reply ->
                            reply.isEmpty()
                                ? Mono.delay(commandPoll, scheduler).then()
                                : sendAll(client, sentKeys, fence, reply)))
        // Redis unavailable, or the connection ended before a command was written (a reconnect):
        // tried again, from the last command recorded as sent; only a lost lease ends the relay
        .onErrorResume(
            e -> !RedisCoordinationException.is(e, Kind.FENCED) && !lease.isLost(),
            e -> {
              log.debug("shard {}: commands paused: {}", lease.shard(), e.toString());
              return Mono.delay(commandPoll.multipliedBy(5), scheduler).then();
            })
        .repeat(() -> !lease.isLost())
        .doOnError(e -> log.info("shard {}: commands stopped: {}", lease.shard(), e.toString()))
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  private Mono<Void> sendAll(
      GatewayClient client, List<String> sentKeys, String fence, List<Object> reply) {
    return Flux.range(0, reply.size() / 2)
        .concatMap(
            i -> {
              String id = String.valueOf(reply.get(2 * i));
              String payload = String.valueOf(reply.get(2 * i + 1));
              return send(client, id, payload)
                  .then(redis.run(FanoutScripts.COMMAND_SENT, sentKeys, List.of(fence, id)));
            })
        .then();
  }

  private static Mono<Void> send(GatewayClient client, String id, String payload) {
    GatewayCommand command;
    try {
      command = GatewayCodec.decodeCommand(GatewayCodec.decode(payload));
    } catch (GatewayException e) {
      log.warn("command {} for {} is malformed; dropped: {}", id, client.shard(), e.getMessage());
      return Mono.empty();
    }
    // the connection ending is tried again; a command the gateway can never take is dropped
    return client
        .send(command)
        .onErrorResume(
            e -> e instanceof GatewayException g && g.kind() != GatewayException.Kind.CONNECTION,
            e -> {
              log.warn(
                  "command {} for {} cannot be sent; dropped: {}",
                  id,
                  client.shard(),
                  e.getMessage());
              return Mono.empty();
            });
  }

  @Override
  public String toString() {
    return "EventSink[" + keys.cluster() + "]";
  }
}
