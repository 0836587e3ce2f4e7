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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Many shards of one bot in one JVM: the recommended count, a fixed count, or a subset of ids out
 * of a total (to spread shards over processes). Every Identify of every shard, at start-up and
 * after faults, goes through one {@link IdentifyLimiter} that honours {@code max_concurrency} and
 * the daily session budget; Resumes bypass it.
 *
 * <pre>{@code
 * ShardGroup shards =
 *     ShardGroup.builder(token)
 *         .eachShard(shard -> shard.intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES)))
 *         .recommendedShards()
 *         .build();
 * shards.on(MessageCreate.class).subscribe(m -> log.info("{}", m.content()));
 * shards.connect().block(); // until shards.close(), or a fatal close code (then it throws)
 * }</pre>
 *
 * <p>Thread-safe. Its specification is frozen at {@link Builder#build()}. Every shard runs inside
 * the subscription of {@link #connect()} (a {@link #restart restarted} shard too), so cancelling it
 * or {@link #close()} stops them all. Shards share Reactor Netty's event loops and the scheduler:
 * the thread count does not grow with the shard count.
 */
public final class ShardGroup {

  private static final Logger log = LoggerFactory.getLogger(ShardGroup.class);

  private final Spec spec;
  private final Map<Integer, GatewayClient> clients = new TreeMap<>();
  // Every client created, replayed to late subscribers, so events() works before connect().
  private final Sinks.Many<GatewayClient> created = Sinks.many().replay().all();
  // The clients to run inside connect()'s subscription: the first ones, then restarted ones.
  private final Sinks.Many<GatewayClient> toRun = Sinks.many().unicast().onBackpressureBuffer();
  // Shards running or about to run (a restart counts its new client before closing the old one).
  private final AtomicInteger active = new AtomicInteger();
  private volatile GatewayBot gatewayBot;

  private ShardGroup(Spec spec) {
    this.spec = spec;
  }

  /** A builder for this bot's shards; see {@link ShardGroupBuilder} for the defaults. */
  public static Builder builder(BotToken token) {
    return new Builder(token);
  }

  /**
   * Looks up {@code /gateway/bot} (unless given), creates the shards and runs them until {@link
   * #close()} (then completes); errors when a shard closes fatally. Subscribe once.
   */
  public Mono<Void> connect() {
    Mono<GatewayBot> info =
        spec.gatewayBot() != null
            ? Mono.just(spec.gatewayBot())
            : GatewayBotLookup.fetch(spec.http(), spec.apiUrl(), spec.token(), spec.scheduler());
    return info.flatMapMany(
            bot -> {
              gatewayBot = bot;
              createClients(bot).forEach(this::run);
              return toRun.asFlux();
            })
        .flatMap(this::runShard, Integer.MAX_VALUE)
        .then();
  }

  private Mono<Void> runShard(GatewayClient client) {
    return client
        .connect()
        .doFinally(
            signal -> {
              if (active.decrementAndGet() == 0) {
                synchronized (this) {
                  toRun.tryEmitComplete(); // every shard is closed: connect() completes
                }
              }
            });
  }

  private synchronized void run(GatewayClient client) {
    active.incrementAndGet();
    toRun.tryEmitNext(client); // serialized by this object's lock
  }

  private synchronized List<GatewayClient> createClients(GatewayBot bot) {
    int total = spec.total() > 0 ? spec.total() : Math.max(1, bot.shards());
    List<Integer> ids = spec.ids() != null ? spec.ids() : range(total);
    GatewayBot.SessionStartLimit limit = bot.sessionStartLimit();
    IdentifyLimiter limiter =
        spec.limiter() != null
            ? spec.limiter()
            : IdentifyLimiter.budgeted(
                limit, spec.reserve(), spec.identifyMargin(), spec.scheduler());
    String url = spec.gatewayUrl() != null ? spec.gatewayUrl() : bot.url();
    List<GatewayClient> newClients = new ArrayList<>();
    for (int id : ids) {
      GatewayClient client = newClient(ShardInfo.of(id, total), url, limiter, null);
      clients.put(id, client);
      created.tryEmitNext(client); // under this object's lock: serialized
      newClients.add(client);
    }
    if (limiter instanceof BudgetedIdentifyLimiter local) {
      local.planStart(newClients.stream().map(GatewayClient::shard).toList());
    }
    log.info(
        "starting {} of {} shards (max_concurrency {})",
        ids.size(),
        total,
        limit == null ? 1 : Math.max(1, limit.maxConcurrency()));
    return newClients;
  }

  private static List<Integer> range(int count) {
    List<Integer> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(i);
    }
    return ids;
  }

  /** The shards' clients, in shard-id order (empty until {@link #connect()} looked up the bot). */
  public synchronized List<GatewayClient> shards() {
    return List.copyOf(clients.values());
  }

  /** One shard's client. @throws IllegalArgumentException when the group has no such shard */
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

  /** Every shard's dispatches as received, none decoded; see {@link GatewayClient#raw()}. */
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
   * Restarts one shard inside the group's {@link #connect()}: closes it resumably, then runs a new
   * client for it, which Resumes. Completes when the new connection is ready.
   *
   * @throws IllegalArgumentException when the group has no such shard
   */
  public Mono<Void> restart(int shardId) {
    GatewayClient old = shard(shardId);
    GatewayClient fresh =
        newClient(
            old.shard(),
            old.options().gatewayUrl(),
            old.identifyLimiter(),
            old.options().sessionStore());
    Mono<Void> ready = fresh.state().filter(GatewayState::isReady).next().then();
    return Mono.fromRunnable(active::incrementAndGet)
        .then(old.closeResumable())
        .then(
            Mono.fromRunnable(
                () -> {
                  synchronized (this) {
                    clients.put(shardId, fresh);
                    created.tryEmitNext(fresh);
                    toRun.tryEmitNext(fresh); // counted above, before the old one closed
                  }
                }))
        .then(ready);
  }

  /** A shard's client; {@code store} null keeps the default (or what {@code eachShard} sets). */
  private GatewayClient newClient(
      ShardInfo shard, String gatewayUrl, IdentifyLimiter limiter, SessionStore store) {
    GatewayClient.Builder builder =
        GatewayClient.builder(spec.token())
            .shard(shard)
            .gatewayUrl(gatewayUrl)
            .scheduler(spec.scheduler())
            .identifyLimiter(limiter);
    if (store != null) {
      builder.sessionStore(store);
    }
    builder = spec.perShard().apply(builder);
    if (spec.transport() != null) {
      builder.transport(spec.transport());
    }
    return builder.build();
  }

  /** Closes every shard with 1000 (their sessions end); {@link #connect()} then completes. */
  public Mono<Void> close() {
    return Flux.fromIterable(shards()).flatMap(GatewayClient::close).then();
  }

  /** Closes every shard resumably and hands back their sessions, for a process that takes over. */
  public Mono<List<Session>> closeResumable() {
    return Flux.fromIterable(shards()).flatMap(GatewayClient::closeResumable).collectList();
  }

  /** The immutable specification a group is built from (see {@link ShardGroupBuilder}). */
  record Spec(
      BotToken token,
      int total,
      List<Integer> ids,
      String apiUrl,
      String gatewayUrl,
      GatewayBot gatewayBot,
      int reserve,
      Duration identifyMargin,
      Scheduler scheduler,
      HttpClient http,
      UnaryOperator<GatewayClient.Builder> perShard,
      IdentifyLimiter limiter,
      Transport transport) {}

  /**
   * Configuration of a {@link ShardGroup}; each option's method says its default and what it
   * refuses ({@link IllegalArgumentException}, where it is set). Defaults: the recommended shard
   * count from {@code /gateway/bot} at {@code https://discord.com/api/v10}; the gateway URL it
   * returns; a reserve of 10 session starts; a 250 ms margin on the 5 s identify window; {@code
   * Schedulers.parallel()}; a plain Reactor Netty {@code HttpClient}; no per-shard configuration
   * ({@link #eachShard} calls compose, in order); the local budgeted {@link IdentifyLimiter}. All
   * options: docs/configuration.md.
   *
   * <p>Not thread-safe; {@link #build()} freezes a copy, so changing the builder afterwards does
   * not change a group already built.
   */
  public static final class Builder extends ShardGroupBuilder<Builder> {
    private Builder(BotToken token) {
      super(token);
    }

    Builder transport(Transport value) {
      this.transport = value;
      return this;
    }

    /** The group, with a frozen copy of this configuration; nothing connects until connect(). */
    public ShardGroup build() {
      return new ShardGroup(spec());
    }
  }
}
