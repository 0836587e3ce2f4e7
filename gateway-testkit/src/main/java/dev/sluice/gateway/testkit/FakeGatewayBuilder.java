package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Configuration of a {@link FakeGateway}, from {@link FakeGateway#builder()}. Defaults: port 0 (any
 * free port), any non-empty token, heartbeat interval 41.25 s, one recommended shard, {@code
 * max_concurrency} 1, a budget of 1000 session starts per 24 h, an identify window of 5 s, all
 * intents allowed, one guild ({@link Events#DEFAULT_GUILD}), one frame per message, 120 payloads
 * per 60 s, the time of {@link Schedulers#parallel()} (the system clock).
 *
 * <pre>{@code
 * FakeGateway gateway =
 *     FakeGateway.builder().token("MTAw.x.y").shards(2).maxConcurrency(2).start();
 * }</pre>
 *
 * <p>Every option is checked where it is set ({@link IllegalArgumentException}). Not thread-safe:
 * configure from one thread, then {@link #start()}. A started gateway keeps reading its options
 * from this builder, so leave a builder alone once a gateway runs from it.
 */
public final class FakeGatewayBuilder {
  int port;
  String token;
  Duration heartbeatInterval = Duration.ofMillis(41_250);
  int shards = 1;
  int maxConcurrency = 1;
  int sessionTotal = 1000;
  int sessionRemaining = 1000;
  Duration sessionResetAfter = Duration.ofHours(24);
  Intents disallowedIntents = Intents.none();
  List<String> guildIds = List.of(Events.DEFAULT_GUILD);
  int splitFrames = 1;
  int fragments = 1;
  int sendLimit = 120;
  Duration sendWindow = Duration.ofSeconds(60);
  Duration identifyWindow = Duration.ofSeconds(5);
  Scheduler scheduler = Schedulers.parallel();
  FakeRestOptions rest = FakeRestOptions.DEFAULTS;

  FakeGatewayBuilder() {}

  /** The port to bind on 127.0.0.1; 0 picks a free one. */
  public FakeGatewayBuilder port(int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535]");
    }
    this.port = value;
    return this;
  }

  /** The only token accepted (Identify, Resume, REST); others get 4004 or HTTP 401. */
  public FakeGatewayBuilder token(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.token = value;
    return this;
  }

  /** The heartbeat interval Hello announces. */
  public FakeGatewayBuilder heartbeatInterval(Duration value) {
    this.heartbeatInterval = positive(value, "heartbeat interval");
    return this;
  }

  /** The recommended shard count of {@code GET /gateway/bot}. */
  public FakeGatewayBuilder shards(int value) {
    this.shards = positive(value, "shards");
    return this;
  }

  /** {@code max_concurrency}: Identify buckets, one Identify per bucket per 5 s. */
  public FakeGatewayBuilder maxConcurrency(int value) {
    this.maxConcurrency = positive(value, "max_concurrency");
    return this;
  }

  /** The session-start budget. */
  public FakeGatewayBuilder sessionStartLimit(int total, int remaining, Duration resetAfter) {
    if (total < 0 || remaining < 0 || remaining > total) {
      throw new IllegalArgumentException("need 0 <= remaining <= total");
    }
    this.sessionTotal = total;
    this.sessionRemaining = remaining;
    this.sessionResetAfter = positive(resetAfter, "reset after");
    return this;
  }

  /** Intents this bot may not use (as if not enabled in the portal): Identify gets 4014. */
  public FakeGatewayBuilder disallow(Intent... intents) {
    this.disallowedIntents = Intents.of(intents);
    return this;
  }

  /**
   * The guilds READY lists (each shard gets those routed to it) and GUILD_CREATE follows for; each
   * id a snowflake (an unsigned 64-bit number).
   */
  public FakeGatewayBuilder guilds(String... ids) {
    for (String id : ids) {
      try {
        Long.parseUnsignedLong(id);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("guild id is not a snowflake: " + id, e);
      }
    }
    this.guildIds = List.of(ids);
    return this;
  }

  /**
   * Sends every WebSocket message in this many frames (a text or binary frame that is not final,
   * then continuation frames), as a server may; plain, zlib-stream and zstd-stream alike.
   */
  public FakeGatewayBuilder fragmentFrames(int parts) {
    this.fragments = positive(parts, "fragments");
    return this;
  }

  /**
   * With zlib-stream, splits every message over this many WebSocket messages. With zstd-stream,
   * where a gateway message is always exactly one WebSocket message (GATEWAY.md 9.4), sends every
   * message in this many WebSocket frames instead (as {@link #fragmentFrames}), so the client still
   * has to reassemble it.
   */
  public FakeGatewayBuilder splitFrames(int parts) {
    this.splitFrames = positive(parts, "split frames");
    return this;
  }

  /**
   * The inbound limit per connection (Discord: 120 per 60 s); over it the fake closes with 4008.
   */
  public FakeGatewayBuilder sendLimit(int limit, Duration window) {
    this.sendLimit = positive(limit, "send limit");
    this.sendWindow = positive(window, "send window");
    return this;
  }

  /** The identify window per concurrency bucket (Discord: 5 s); zero lifts the limit. */
  public FakeGatewayBuilder identifyWindow(Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("identify window must not be negative");
    }
    this.identifyWindow = value;
    return this;
  }

  /**
   * Enforces a rate-limit bucket per route and major parameter: {@code limit} requests per fixed
   * {@code window}, announced in {@code X-RateLimit-*} headers (default: none, no headers).
   */
  public FakeGatewayBuilder restRateLimit(int limit, Duration window) {
    this.rest = rest.withBuckets(positive(limit, "rest limit"), window);
    return this;
  }

  /** Enforces a global limit of {@code perSecond} REST requests (default: none). */
  public FakeGatewayBuilder restGlobalLimit(int perSecond) {
    this.rest = rest.withGlobal(positive(perSecond, "rest global limit"));
    return this;
  }

  /** Closes a REST keep-alive connection idle for longer than this (default: never). */
  public FakeGatewayBuilder restIdleTimeout(Duration value) {
    this.rest = rest.withIdleTimeout(value);
    return this;
  }

  /**
   * The fake's clock and timers: the identify window, the session budget's reset, the inbound rate
   * limit, delayed ACKs ({@link FakeGateway#delayAcks}) and the transcript's timestamps. Give it
   * the {@code VirtualTimeScheduler} the client under test runs on, and the fake's windows pass
   * when the test advances time, as the client's timers do (docs/testing.md, "In virtual time").
   * Default: {@link Schedulers#parallel()}, whose time is the system clock.
   */
  public FakeGatewayBuilder scheduler(Scheduler value) {
    this.scheduler = Objects.requireNonNull(value, "scheduler");
    return this;
  }

  /** Now, by {@link #scheduler}. */
  Instant now() {
    return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
  }

  /** Now in nanoseconds, by {@link #scheduler}, for rate windows. */
  long nanoTime() {
    return scheduler.now(TimeUnit.NANOSECONDS);
  }

  /** Starts the server. */
  public FakeGateway start() {
    return new FakeGateway(this);
  }

  private static Duration positive(Duration value, String what) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return value;
  }

  private static int positive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1");
    }
    return value;
  }
}
