package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Many shards of one bot in one JVM: the recommended count, a fixed count, or a subset of ids out
 * of a total (to spread shards over processes). Every Identify of every shard, at start-up and
 * after faults, goes through one {@link IdentifyLimiter} that honours {@code max_concurrency} and
 * the daily session budget; Resumes bypass it.
 *
 * <pre>{@code
 * ShardGroup shards = ShardGroup.builder(token).intents(intents).recommendedShards().build();
 * Mono.when(shards.connect(), shards.on(MessageCreate.class).flatMap(this::reply)).block();
 * }</pre>
 *
 * <p>Thread-safe. Shards share Reactor Netty's event loops and the scheduler: the thread count does
 * not grow with the shard count.
 */
public final class ShardGroup {

  private static final Logger log = LoggerFactory.getLogger(ShardGroup.class);

  private final Builder config;
  private final Map<Integer, GatewayClient> clients = new TreeMap<>();
  // Every client created, replayed to late subscribers, so events() works before connect().
  private final Sinks.Many<GatewayClient> created = Sinks.many().replay().all();
  private volatile GatewayBot gatewayBot;

  private ShardGroup(Builder config) {
    this.config = config;
  }

  /** A builder for this bot's shards. */
  public static Builder builder(BotToken token) {
    return new Builder(token);
  }

  /**
   * Looks up {@code /gateway/bot} (unless given), creates the shards and runs them until {@link
   * #close()}; errors when a shard closes fatally.
   */
  public Mono<Void> connect() {
    Mono<GatewayBot> info =
        config.gatewayBot != null
            ? Mono.just(config.gatewayBot)
            : GatewayBotLookup.fetch(config.http, config.apiUrl, config.token, config.scheduler);
    return info.flatMap(
        bot -> {
          gatewayBot = bot;
          List<Mono<Void>> runs = new ArrayList<>();
          for (GatewayClient client : createClients(bot)) {
            runs.add(client.connect());
          }
          return Mono.when(runs);
        });
  }

  private synchronized List<GatewayClient> createClients(GatewayBot bot) {
    int total = config.total > 0 ? config.total : Math.max(1, bot.shards());
    List<Integer> ids = config.ids != null ? config.ids : range(total);
    GatewayBot.SessionStartLimit limit = bot.sessionStartLimit();
    int maxConcurrency = limit == null ? 1 : Math.max(1, limit.maxConcurrency());
    IdentifyLimiter limiter =
        config.limiter != null
            ? config.limiter
            : IdentifyLimiter.budgeted(
                limit, config.reserve, config.identifyMargin, config.scheduler);
    List<GatewayClient> newClients = new ArrayList<>();
    for (int id : ids) {
      GatewayClient client =
          newClient(
              ShardInfo.of(id, total),
              config.gatewayUrl != null ? config.gatewayUrl : bot.url(),
              limiter,
              null);
      clients.put(id, client);
      created.tryEmitNext(client); // under this object's lock: serialized
      newClients.add(client);
    }
    if (limiter instanceof BudgetedIdentifyLimiter local) {
      local.planStart(newClients.stream().map(GatewayClient::shard).toList());
    }
    log.info("starting {} of {} shards (max_concurrency {})", ids.size(), total, maxConcurrency);
    return newClients;
  }

  private static List<Integer> range(int count) {
    List<Integer> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(i);
    }
    return ids;
  }

  /**
   * The shards' clients, in shard-id order (empty until {@link #connect()} has looked up the
   * gateway).
   */
  public synchronized List<GatewayClient> shards() {
    return List.copyOf(clients.values());
  }

  /** One shard's client. */
  public synchronized GatewayClient shard(int id) {
    GatewayClient client = clients.get(id);
    if (client == null) {
      throw new IllegalArgumentException("no shard " + id + " in this group");
    }
    return client;
  }

  /** What {@code /gateway/bot} answered, once connected. */
  public GatewayBot gatewayBot() {
    return gatewayBot;
  }

  /**
   * Every shard's events, merged; each knows its shard ({@code event.meta().shard()}). May be
   * subscribed before {@link #connect()}: shards join as they are created.
   */
  public Flux<GatewayEvent> events() {
    return created.asFlux().flatMap(GatewayClient::events, Integer.MAX_VALUE);
  }

  /**
   * Every shard's dispatches as received, none decoded, merged; see {@link GatewayClient#raw()}.
   */
  public Flux<RawEvent> raw() {
    return created.asFlux().flatMap(GatewayClient::raw, Integer.MAX_VALUE);
  }

  /** Every shard's events of one type, merged. */
  public <T extends GatewayEvent> Flux<T> on(Class<T> type) {
    return created.asFlux().flatMap(c -> c.on(type), Integer.MAX_VALUE);
  }

  /** Every shard's state changes, tagged with the shard. */
  public Flux<ShardState> states() {
    return created
        .asFlux()
        .flatMap(c -> c.state().map(s -> new ShardState(c.shard(), s)), Integer.MAX_VALUE);
  }

  /** A shard's state. */
  public record ShardState(ShardInfo shard, GatewayState state) {}

  /**
   * Restarts one shard: closes it resumably, then connects it again (it Resumes). Completes when
   * the new connection is ready.
   */
  public Mono<Void> restart(int shardId) {
    GatewayClient old = shard(shardId);
    return old.closeResumable()
        .then(
            Mono.defer(
                () -> {
                  GatewayClient fresh = rebuild(old);
                  synchronized (this) {
                    clients.put(shardId, fresh);
                    created.tryEmitNext(fresh);
                  }
                  fresh
                      .connect()
                      .subscribe(
                          null, e -> log.error("shard {} failed: {}", shardId, e.getMessage()));
                  return fresh.state().filter(GatewayState::isReady).next().then();
                }));
  }

  private GatewayClient rebuild(GatewayClient old) {
    return newClient(
        old.shard(),
        old.options().gatewayUrl(),
        old.identifyLimiter(),
        old.options().sessionStore());
  }

  /** A shard's client; {@code store} null keeps the default (or what {@code eachShard} sets). */
  private GatewayClient newClient(
      ShardInfo shard, String gatewayUrl, IdentifyLimiter limiter, SessionStore store) {
    GatewayClient.Builder builder =
        GatewayClient.builder(config.token)
            .shard(shard)
            .gatewayUrl(gatewayUrl)
            .scheduler(config.scheduler)
            .identifyLimiter(limiter);
    if (store != null) {
      builder.sessionStore(store);
    }
    builder = config.perShard.apply(builder);
    if (config.transport != null) {
      builder.transport(config.transport);
    }
    return builder.build();
  }

  /** Closes every shard with 1000 (their sessions end). */
  public Mono<Void> close() {
    return Flux.fromIterable(shards()).flatMap(GatewayClient::close).then();
  }

  /** Closes every shard resumably and hands back their sessions, for a process that takes over. */
  public Mono<List<Session>> closeResumable() {
    return Flux.fromIterable(shards()).flatMap(GatewayClient::closeResumable).collectList();
  }

  /**
   * Configuration of a {@link ShardGroup}. Defaults: the recommended shard count from {@code
   * /gateway/bot} at {@code https://discord.com/api/v10}; the gateway URL it returns; a reserve of
   * 10 session starts; 250 ms margin on the 5 s identify window; {@link Schedulers#parallel()}.
   */
  public static final class Builder {
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
    private Transport transport;

    private Builder(BotToken token) {
      this.token = Objects.requireNonNull(token, "token");
    }

    /** Runs as many shards as {@code /gateway/bot} recommends (the default). */
    public Builder recommendedShards() {
      this.total = 0;
      this.ids = null;
      return this;
    }

    /** Runs all {@code count} shards. */
    public Builder shardCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("shard count must be at least 1");
      }
      this.total = count;
      this.ids = null;
      return this;
    }

    /** Runs only {@code ids} out of {@code total} shards (the others run in other processes). */
    public Builder shardIds(List<Integer> shardIds, int totalShards) {
      for (int id : shardIds) {
        ShardInfo.of(id, totalShards); // validates
      }
      this.total = totalShards;
      this.ids = List.copyOf(shardIds);
      return this;
    }

    /** The REST base for {@code /gateway/bot}. */
    public Builder apiUrl(String value) {
      this.apiUrl = Objects.requireNonNull(value, "api url");
      return this;
    }

    /** Overrides the gateway URL {@code /gateway/bot} returns. */
    public Builder gatewayUrl(String value) {
      this.gatewayUrl = value;
      return this;
    }

    /** Skips the {@code /gateway/bot} lookup and uses this answer. */
    public Builder gatewayBot(GatewayBot value) {
      this.gatewayBot = value;
      return this;
    }

    /** Session starts never spent automatically (default 10). */
    public Builder sessionReserve(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("reserve must not be negative");
      }
      this.reserve = value;
      return this;
    }

    /** Extra wait on top of Discord's 5 s identify window. */
    public Builder identifyMargin(Duration value) {
      this.identifyMargin = Objects.requireNonNull(value, "margin");
      return this;
    }

    /** The scheduler of every shard's timers and of the limiter. */
    public Builder scheduler(Scheduler value) {
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /** Shares a limiter across processes or groups (e.g. a Redis-backed one). */
    public Builder identifyLimiter(IdentifyLimiter value) {
      this.limiter = value;
      return this;
    }

    /** Configures every shard's client (intents, compression, buffers, session store, ...). */
    public Builder eachShard(UnaryOperator<GatewayClient.Builder> value) {
      this.perShard = Objects.requireNonNull(value, "configuration");
      return this;
    }

    /** The Reactor Netty HttpClient for REST. */
    public Builder httpClient(HttpClient value) {
      this.http = Objects.requireNonNull(value, "http client");
      return this;
    }

    Builder transport(Transport value) {
      this.transport = value;
      return this;
    }

    /** The group; nothing connects until {@link ShardGroup#connect()}. */
    public ShardGroup build() {
      return new ShardGroup(this);
    }
  }
}
