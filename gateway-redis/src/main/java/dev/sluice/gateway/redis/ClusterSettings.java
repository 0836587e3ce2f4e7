package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.IdentifyLimiter;
import dev.sluice.gateway.reactor.SessionStore;
import dev.sluice.gateway.reactor.ShardLease;
import dev.sluice.gateway.reactor.ShardLeases;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The settings of a {@link ShardCluster}, validated when set. Immutable.
 *
 * @param token the bot token (redacted in every {@code toString()})
 * @param leases which shards this node runs
 * @param stores the session store of each lease (for Redis: {@link RedisSessionStore#forLease})
 * @param limiter the identify limiter shared by the cluster (for Redis: {@link
 *     RedisIdentifyLimiter})
 * @param gatewayUrl where shards connect for Identify
 * @param clients applied to each shard's client builder first (intents, compression, ...)
 * @param batchWindow how long a shard's events are gathered before their sequence is stored
 * @param batchSize the most events gathered in one batch
 * @param scheduler every timer
 * @param sink where each batch is published before it is delivered, or null (the sequence alone is
 *     stored); see {@link Builder#publishTo}
 */
public record ClusterSettings(
    BotToken token,
    ShardLeases leases,
    Function<ShardLease, SessionStore> stores,
    IdentifyLimiter limiter,
    String gatewayUrl,
    UnaryOperator<GatewayClient.Builder> clients,
    Duration batchWindow,
    int batchSize,
    Scheduler scheduler,
    EventSink sink) {

  /** Builds a {@link ShardCluster}. Defaults: batch window 15 ms, batch size 256, parallel. */
  public static final class Builder {
    private final BotToken token;
    private final ShardLeases leases;
    private final Function<ShardLease, SessionStore> stores;
    private final IdentifyLimiter limiter;
    private String gatewayUrl = "wss://gateway.discord.gg";
    private UnaryOperator<GatewayClient.Builder> clients = b -> b;
    private Duration batchWindow = Duration.ofMillis(15);
    private int batchSize = 256;
    private Scheduler scheduler = Schedulers.parallel();
    private EventSink sink;

    Builder(
        BotToken token,
        ShardLeases leases,
        Function<ShardLease, SessionStore> stores,
        IdentifyLimiter limiter) {
      this.token = Objects.requireNonNull(token, "token");
      this.leases = Objects.requireNonNull(leases, "leases");
      this.stores = Objects.requireNonNull(stores, "stores");
      this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /** The gateway URL from {@code /gateway/bot} (default {@code wss://gateway.discord.gg}). */
    public Builder gatewayUrl(String value) {
      Objects.requireNonNull(value, "gatewayUrl");
      if (!value.startsWith("ws://") && !value.startsWith("wss://")) {
        throw new IllegalArgumentException("gateway url must be ws:// or wss://");
      }
      this.gatewayUrl = value;
      return this;
    }

    /** Configures every shard's client (intents, compression, buffers...). */
    public Builder eachShard(UnaryOperator<GatewayClient.Builder> value) {
      this.clients = Objects.requireNonNull(value, "eachShard");
      return this;
    }

    /** How events are batched before their sequence is stored (default 15 ms, 256 events). */
    public Builder batch(Duration window, int size) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero() || size < 1) {
        throw new IllegalArgumentException("batch window and size must be positive");
      }
      this.batchWindow = window;
      this.batchSize = size;
      return this;
    }

    /** The scheduler of every timer (default parallel). */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /**
     * Publishes every dispatch of this node's shards to Redis Streams for workers, each batch in
     * one fenced step with the shard's sequence, and sends the commands workers queue for these
     * shards (default: nothing published).
     */
    public Builder publishTo(EventSink value) {
      this.sink = Objects.requireNonNull(value, "sink");
      return this;
    }

    /** The cluster. */
    public ShardCluster build() {
      return new ShardCluster(
          new ClusterSettings(
              token,
              leases,
              stores,
              limiter,
              gatewayUrl,
              clients,
              batchWindow,
              batchSize,
              scheduler,
              sink));
    }
  }
}
