package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.model.GatewayBot;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * The options of {@link ShardGroup.Builder}, each validated where it is set. Defaults: the
 * recommended shard count from {@code /gateway/bot} at {@code https://discord.com/api/v10}; the
 * gateway URL it returns; a reserve of 10 session starts; a 250 ms margin on the 5 s identify
 * window; {@link Schedulers#parallel()}; a plain Reactor Netty {@code HttpClient}; no per-shard
 * configuration; the local budgeted {@link IdentifyLimiter}.
 *
 * <p>Not thread-safe; {@code build()} freezes a copy ({@link ShardGroup.Spec}), so changing the
 * builder afterwards does not change a group already built.
 */
abstract class ShardGroupBuilder<B extends ShardGroupBuilder<B>> {

  private final BotToken token;
  private int total;
  private List<Integer> ids;
  private String apiUrl = GatewayBotLookup.DISCORD_API;
  private String gatewayUrl;
  private GatewayBot gatewayBot;
  private int reserve = 10;
  private Duration identifyMargin = Duration.ofMillis(250);
  private Scheduler scheduler = Schedulers.parallel();
  private HttpClient http = HttpClient.create();
  private UnaryOperator<GatewayClient.Builder> perShard = UnaryOperator.identity();
  private IdentifyLimiter limiter;
  Transport transport;

  ShardGroupBuilder(BotToken token) {
    this.token = Objects.requireNonNull(token, "token");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Runs as many shards as {@code /gateway/bot} recommends (the default). */
  public B recommendedShards() {
    this.total = 0;
    this.ids = null;
    return self();
  }

  /** Runs all {@code count} shards. @throws IllegalArgumentException unless {@code count ≥ 1} */
  public B shardCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1");
    }
    this.total = count;
    this.ids = null;
    return self();
  }

  /**
   * Runs only {@code shardIds} out of {@code totalShards} (the others run in other processes).
   *
   * @throws IllegalArgumentException when an id is outside {@code [0, totalShards)}, repeated, or
   *     the list is empty
   */
  public B shardIds(List<Integer> shardIds, int totalShards) {
    if (shardIds.isEmpty()) {
      throw new IllegalArgumentException("shard ids must not be empty");
    }
    if (shardIds.stream().distinct().count() != shardIds.size()) {
      throw new IllegalArgumentException("shard ids must not repeat: " + shardIds);
    }
    for (int id : shardIds) {
      ShardInfo.of(id, totalShards); // validates
    }
    this.total = totalShards;
    this.ids = List.copyOf(shardIds);
    return self();
  }

  /**
   * The REST base for {@code /gateway/bot}. Default: {@code https://discord.com/api/v10}.
   *
   * @throws IllegalArgumentException unless http(s)
   */
  public B apiUrl(String value) {
    URI uri = URI.create(Objects.requireNonNull(value, "api url"));
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("api url must be http:// or https://, was " + value);
    }
    this.apiUrl = value;
    return self();
  }

  /**
   * Overrides the gateway URL {@code /gateway/bot} returns; null restores the default.
   *
   * @throws IllegalArgumentException unless a ws:// or wss:// URL
   */
  public B gatewayUrl(String value) {
    if (value != null) {
      URI uri = URI.create(value);
      if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme())) {
        throw new IllegalArgumentException("gateway url must be ws:// or wss://, was " + value);
      }
    }
    this.gatewayUrl = value;
    return self();
  }

  /** Skips the {@code /gateway/bot} lookup and uses this answer (null to look it up). */
  public B gatewayBot(GatewayBot value) {
    this.gatewayBot = value;
    return self();
  }

  /**
   * Session starts never spent automatically (default 10).
   *
   * @throws IllegalArgumentException when negative
   */
  public B sessionReserve(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("reserve must not be negative");
    }
    this.reserve = value;
    return self();
  }

  /**
   * Extra wait on top of Discord's 5 s identify window (default 250 ms).
   *
   * @throws IllegalArgumentException when negative or over 1 minute
   */
  public B identifyMargin(Duration value) {
    Objects.requireNonNull(value, "margin");
    if (value.isNegative() || value.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("identify margin must be in [0, 1 min], was " + value);
    }
    this.identifyMargin = value;
    return self();
  }

  /**
   * The scheduler of every shard's timers and of the limiter. Default: {@link
   * Schedulers#parallel()}.
   */
  public B scheduler(Scheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return self();
  }

  /**
   * Shares a limiter across processes or groups (e.g. a Redis-backed one). Default: a local one
   * that honours {@code max_concurrency} and the session budget of {@code /gateway/bot}.
   */
  public B identifyLimiter(IdentifyLimiter value) {
    this.limiter = Objects.requireNonNull(value, "identify limiter");
    return self();
  }

  /**
   * Configures every shard's client (intents, compression, buffers, session store, ...). Calls
   * compose: each configuration is applied after the ones given before it, so {@code
   * eachShard(a).eachShard(b)} applies {@code a}, then {@code b} (a later setting of the same
   * option wins). The group sets the shard, gateway URL, scheduler and identify limiter first; a
   * configuration may override them. Default: none (each client keeps {@link
   * GatewayClient.Builder}'s defaults).
   */
  public B eachShard(UnaryOperator<GatewayClient.Builder> value) {
    Objects.requireNonNull(value, "configuration");
    UnaryOperator<GatewayClient.Builder> before = perShard;
    this.perShard = b -> value.apply(before.apply(b));
    return self();
  }

  /**
   * The Reactor Netty {@code HttpClient} for {@code GET /gateway/bot} (only that request). Default:
   * {@code HttpClient.create()}.
   */
  public B httpClient(HttpClient value) {
    this.http = Objects.requireNonNull(value, "http client");
    return self();
  }

  /** The frozen specification of the group. */
  ShardGroup.Spec spec() {
    return new ShardGroup.Spec(
        token,
        total,
        ids,
        apiUrl,
        gatewayUrl,
        gatewayBot,
        reserve,
        identifyMargin,
        scheduler,
        http,
        perShard,
        limiter,
        transport);
  }
}
