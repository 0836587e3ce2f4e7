package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.model.Interaction;
import dev.sluice.gateway.core.model.Message;
import dev.sluice.gateway.core.model.Snowflake;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Discord REST calls a gateway bot makes first: send and reply to messages, edit and delete
 * them, answer interactions and send follow-ups. Every call goes through Discord's rate limits
 * (per-route buckets learned from the answers, the global limit, {@code retry_after}) and a guard
 * against the invalid-request limit; see {@code docs/rest.md}.
 *
 * <pre>{@code
 * RestClient rest = RestClient.builder(BotToken.of(System.getenv("DISCORD_TOKEN"))).build();
 * client.on(MessageCreate.class)
 *     .filter(m -> "!ping".equals(m.message().content()))
 *     .flatMap(m -> rest.reply(m.message(), "pong"))
 *     .subscribe();
 * }</pre>
 *
 * <p>Lifecycle: built once, shared by the whole bot, {@link #close() closed} at shutdown (which
 * releases its pooled connections). Every method returns a cold {@link Mono}: nothing is sent
 * before subscription, and cancelling removes a queued request. Thread-safe.
 */
public final class RestClient implements AutoCloseable {

  /** Discord asks bots for {@code DiscordBot ($url, $version)}. */
  static final String USER_AGENT = "DiscordBot (https://github.com/sluice-dev/sluice, 0.1.0)";

  private final RestCalls calls;
  private final ConnectionProvider pool;

  private RestClient(Builder b) {
    this.pool =
        ConnectionProvider.builder("sluice-rest")
            .maxConnections(b.maxConnections)
            .maxIdleTime(b.maxIdleTime)
            .pendingAcquireMaxCount(-1)
            .build();
    // Our own retry (with nonce) replaces Reactor Netty's blind retry of a failed POST.
    HttpClient base =
        HttpClient.create(pool)
            .disableRetry(true)
            .headers(
                h ->
                    h.set(HttpHeaderNames.AUTHORIZATION, b.token.authorizationHeader())
                        .set(HttpHeaderNames.USER_AGENT, USER_AGENT));
    HttpClient http = Objects.requireNonNull(b.customizer.apply(base), "customized HttpClient");
    RateLimiter limiter =
        new RateLimiter(b.scheduler, b.globalLimit, b.invalidRequestLimit, b.maxRateLimitRetries);
    HttpExchange exchange = new HttpExchange(http, b.apiUrl, b.requestTimeout, b.scheduler);
    this.calls = new RestCalls(exchange, limiter, System.currentTimeMillis() << 20);
  }

  /** A builder with the defaults listed on {@link Builder}. */
  public static Builder builder(BotToken token) {
    return new Builder(token);
  }

  // ---- messages ------------------------------------------------------------------------------

  /** Posts {@code content} to a channel. */
  public Mono<Message> createMessage(Snowflake channelId, String content) {
    return createMessage(channelId, NewMessage.of(content));
  }

  /**
   * Posts a message. The body gets a {@code nonce} with {@code enforce_nonce}, so when the server
   * closes the connection before answering the request is sent again and Discord still creates one
   * message. The nonce is chosen by this call: re-subscribing the returned Mono (a {@code retry()})
   * asks for the same message again, within Discord's nonce window of a few minutes.
   */
  public Mono<Message> createMessage(Snowflake channelId, NewMessage message) {
    Objects.requireNonNull(message, "message");
    return calls.create(Route.createMessage(channelId), message);
  }

  /** Replies to {@code to} in its channel; nothing pings (not even its author). */
  public Mono<Message> reply(Message to, String content) {
    return createMessage(
        to.channelId(),
        NewMessage.of(content)
            .withReference(MessageReference.to(to.channelId(), to.id()))
            .withAllowedMentions(AllowedMentions.none()));
  }

  /** Replies to a message with {@code message} (its reference and mentions are replaced). */
  public Mono<Message> reply(
      Snowflake channelId, Snowflake messageId, NewMessage message, AllowedMentions mentions) {
    return createMessage(
        channelId,
        message
            .withReference(MessageReference.to(channelId, messageId))
            .withAllowedMentions(mentions));
  }

  /** Edits a message the bot sent. */
  public Mono<Message> editMessage(Snowflake channelId, Snowflake messageId, MessageEdit edit) {
    return calls.message(Route.editMessage(channelId, messageId), RestJson.write(edit));
  }

  /** Deletes a message (the bot's own, or any with Manage Messages). */
  public Mono<Void> deleteMessage(Snowflake channelId, Snowflake messageId) {
    return calls.empty(Route.deleteMessage(channelId, messageId), null);
  }

  // ---- interactions --------------------------------------------------------------------------

  /** Answers an interaction; due within 3 s of INTERACTION_CREATE. */
  public Mono<Void> respond(Interaction interaction, InteractionResponse response) {
    return calls.empty(
        Route.interactionCallback(interaction.id(), interaction.token()), RestJson.write(response));
  }

  /** Sends a follow-up message to an answered (or deferred) interaction. */
  public Mono<Message> createFollowup(Interaction interaction, NewMessage message) {
    return calls.message(
        Route.createFollowup(interaction.applicationId(), interaction.token()),
        RestJson.write(message));
  }

  /** Edits a follow-up message. */
  public Mono<Message> editFollowup(
      Interaction interaction, Snowflake messageId, MessageEdit edit) {
    return calls.message(
        Route.editFollowup(interaction.applicationId(), interaction.token(), messageId.asString()),
        RestJson.write(edit));
  }

  /** Edits the original response (e.g. completes a {@link InteractionResponse#deferred()}). */
  public Mono<Message> editOriginalResponse(Interaction interaction, MessageEdit edit) {
    return calls.message(
        Route.editFollowup(interaction.applicationId(), interaction.token(), "@original"),
        RestJson.write(edit));
  }

  /** Deletes a follow-up message. */
  public Mono<Void> deleteFollowup(Interaction interaction, Snowflake messageId) {
    return calls.empty(
        Route.deleteFollowup(
            interaction.applicationId(), interaction.token(), messageId.asString()),
        null);
  }

  /** Deletes the original response. */
  public Mono<Void> deleteOriginalResponse(Interaction interaction) {
    return calls.empty(
        Route.deleteFollowup(interaction.applicationId(), interaction.token(), "@original"), null);
  }

  // ---- state ---------------------------------------------------------------------------------

  /** Invalid requests (401, 403, non-shared 429) this client got in the last 10 minutes. */
  public int invalidRequests() {
    return calls.invalidRequests();
  }

  /** Releases the pooled connections; requests still in flight fail. */
  @Override
  public void close() {
    pool.dispose();
  }

  @Override
  public String toString() {
    return "RestClient[token=<redacted>]";
  }

  /**
   * Options of a {@link RestClient}, validated where they are set. Defaults: API {@code
   * https://discord.com/api/v10}; {@link Schedulers#parallel()} for every wait; a global limit of
   * 50 requests per second; refuse new requests at 5,000 invalid requests per 10 minutes (Discord
   * bans the IP at 10,000); 5 retries of a 429; a 30 s timeout per exchange; pooled connections
   * closed after 30 s idle (before the usual server keep-alive timeouts); at most 64 connections.
   *
   * <p>Immutable: every setter returns a new builder and leaves this one as it was, so a builder
   * can be shared as a template ({@code base.apiUrl(fake.apiUrl()).build()}).
   */
  public static final class Builder {
    private final BotToken token;
    private String apiUrl = "https://discord.com/api/v10";
    private Scheduler scheduler = Schedulers.parallel();
    private UnaryOperator<HttpClient> customizer = UnaryOperator.identity();
    private int globalLimit = 50;
    private int invalidRequestLimit = 5000;
    private int maxRateLimitRetries = 5;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration maxIdleTime = Duration.ofSeconds(30);
    private int maxConnections = 64;

    private Builder(BotToken token) {
      this.token = Objects.requireNonNull(token, "token");
    }

    private Builder(Builder o) {
      this(o.token);
      apiUrl = o.apiUrl;
      scheduler = o.scheduler;
      customizer = o.customizer;
      globalLimit = o.globalLimit;
      invalidRequestLimit = o.invalidRequestLimit;
      maxRateLimitRetries = o.maxRateLimitRetries;
      requestTimeout = o.requestTimeout;
      maxIdleTime = o.maxIdleTime;
      maxConnections = o.maxConnections;
    }

    private Builder with(Consumer<Builder> change) {
      Builder copy = new Builder(this);
      change.accept(copy);
      return copy;
    }

    /** The REST base, e.g. a fake's {@code apiUrl()}. */
    public Builder apiUrl(String value) {
      if (value == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
        throw new IllegalArgumentException("api url must be http(s)");
      }
      String url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      return with(b -> b.apiUrl = url);
    }

    /** The scheduler of every wait (rate-limit windows, retry_after, timeouts). */
    public Builder scheduler(Scheduler value) {
      Objects.requireNonNull(value, "scheduler");
      return with(b -> b.scheduler = value);
    }

    /** Adjusts the HttpClient (proxy, TLS, metrics); its pool is the client's own. */
    public Builder httpClient(UnaryOperator<HttpClient> value) {
      Objects.requireNonNull(value, "customizer");
      return with(b -> b.customizer = value);
    }

    /** Requests per second across all routes (Discord: 50; larger bots ask for more). */
    public Builder globalLimit(int perSecond) {
      int v = positive(perSecond, "global limit");
      return with(b -> b.globalLimit = v);
    }

    /** Invalid requests per 10 minutes at which new requests are refused (below 10,000). */
    public Builder invalidRequestLimit(int value) {
      if (value < 1 || value >= 10_000) {
        throw new IllegalArgumentException("invalid request limit must be in [1, 9999]");
      }
      return with(b -> b.invalidRequestLimit = value);
    }

    /** How often one request is retried after a 429 before it fails with RATE_LIMITED. */
    public Builder maxRateLimitRetries(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
      return with(b -> b.maxRateLimitRetries = value);
    }

    /** How long one exchange may take before it fails (a retry-safe request is sent again). */
    public Builder requestTimeout(Duration value) {
      return with(b -> b.requestTimeout = positive(value, "request timeout"));
    }

    /** Pooled connections idle longer than this are closed instead of reused. */
    public Builder maxIdleTime(Duration value) {
      return with(b -> b.maxIdleTime = positive(value, "max idle time"));
    }

    /** The connection pool size. */
    public Builder maxConnections(int value) {
      int v = positive(value, "max connections");
      return with(b -> b.maxConnections = v);
    }

    /** A client with these options. */
    public RestClient build() {
      return new RestClient(this);
    }

    private static int positive(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be at least 1");
      }
      return value;
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return value;
    }
  }
}
