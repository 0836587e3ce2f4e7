package dev.sluice.gateway.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The REST side of a {@link FakeGateway}, as tests script and inspect it: messages (create, edit,
 * delete, with {@code enforce_nonce} deduplication), interaction callbacks and follow-ups,
 * Discord's rate-limit headers and 429s (route, global, shared), idle keep-alive connections
 * closed, a request read and never answered, and error answers (404 Unknown Channel, 403 Missing
 * Permissions). Buckets, the global limit and the idle timeout are set on the builder ({@link
 * FakeGatewayBuilder#restRateLimit}, {@link FakeGatewayBuilder#restGlobalLimit}, {@link
 * FakeGatewayBuilder#restIdleTimeout}).
 *
 * <pre>{@code
 * FakeGateway fake = FakeGateway.builder().restRateLimit(5, Duration.ofMillis(200)).start();
 * fake.rest().rateLimitNext(FakeRest.Scope.SHARED, Duration.ofMillis(50));
 * // ... let the bot post ...
 * assertThat(fake.rest().tooManyRequests()).isEqualTo(1);
 * }</pre>
 *
 * <p>Thread-safe: script from the test thread while requests arrive on event loops.
 */
public final class FakeRest {

  /** The {@code X-RateLimit-Scope} of a scripted 429. */
  public enum Scope {
    /** The bot's own per-route bucket. */
    USER,
    /** The bot's global limit ({@code X-RateLimit-Global: true}). */
    GLOBAL,
    /** A limit shared by everyone on the resource. */
    SHARED
  }

  /**
   * A request the fake saw and how it answered.
   *
   * @param status the status sent, or 0 when the connection was closed without an answer
   * @param scope on a 429, {@code user}, {@code global} or {@code shared}; otherwise null
   * @param connection the id of the TCP connection it came on
   */
  public record Request(
      String method,
      String path,
      String body,
      int status,
      String scope,
      String connection,
      Instant at) {}

  private final List<Request> requests = new ArrayList<>();
  private final ArrayDeque<long[]> scripted429 = new ArrayDeque<>(); // {scope ordinal, millis}
  private final Set<String> missingChannels = new HashSet<>();
  private final Set<String> forbiddenChannels = new HashSet<>();
  private final Set<String> connections = new HashSet<>();
  private int closeAfter;
  private int idleClosed;
  final RestRateLimits limits;
  final RestMessages messages;

  FakeRest(FakeRestOptions options, BotIdentity bot) {
    this.limits = new RestRateLimits(options);
    this.messages = new RestMessages(bot, options.nonceWindow());
  }

  // ---- scripting -------------------------------------------------------------------------------

  /** The next request (any route) is answered 429 with this scope and {@code retry_after}. */
  public synchronized void rateLimitNext(Scope scope, Duration retryAfter) {
    scripted429.addLast(new long[] {scope.ordinal(), retryAfter.toMillis()});
  }

  /**
   * The next request is processed (a message is created) and then its connection is closed without
   * an answer, as a server closing an idle keep-alive connection at the wrong moment does.
   */
  public synchronized void closeAfterNextRequest() {
    closeAfter++;
  }

  /** Requests to this channel get 404 with code 10003 (Unknown Channel). */
  public synchronized void missingChannel(String channelId) {
    missingChannels.add(channelId);
  }

  /** Requests to this channel get 403 with code 50013 (Missing Permissions). */
  public synchronized void forbiddenChannel(String channelId) {
    forbiddenChannels.add(channelId);
  }

  /** Replaces the bucket limit and window (0: no limit) and the global limit (0: none). */
  public void rateLimits(int bucketLimit, Duration window, int globalPerSecond) {
    if (bucketLimit < 0 || globalPerSecond < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("limits must not be negative and the window positive");
    }
    limits.configure(bucketLimit, window.toNanos(), globalPerSecond);
  }

  // ---- what happened ---------------------------------------------------------------------------

  /** Every request, in arrival order. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests that match. */
  public List<Request> requests(Predicate<Request> filter) {
    return requests().stream().filter(filter).toList();
  }

  /** How many 429s the fake sent. */
  public int tooManyRequests() {
    return requests(r -> r.status() == 429).size();
  }

  /** How many messages were created (a retry answered from its nonce does not count). */
  public int messagesCreated() {
    return messages.created();
  }

  /** The messages that exist now (created, not deleted), as JSON, in creation order. */
  public List<String> messages() {
    return messages.existing();
  }

  /** How many keep-alive connections the fake closed for idling. */
  public synchronized int idleClosed() {
    return idleClosed;
  }

  /** How many distinct TCP connections carried REST requests. */
  public synchronized int connections() {
    return connections.size();
  }

  /** Waits until {@code condition} holds, polling every 5 ms; false on timeout. */
  public static boolean await(BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    return true;
  }

  // ---- called by RestRoutes --------------------------------------------------------------------

  synchronized void record(Request request) {
    requests.add(request);
    connections.add(request.connection());
  }

  /** The scripted 429 for this request, or null: {scope ordinal, retry millis}. */
  synchronized long[] takeScripted429() {
    return scripted429.pollFirst();
  }

  synchronized boolean takeCloseAfter() {
    if (closeAfter == 0) {
      return false;
    }
    closeAfter--;
    return true;
  }

  /** 404, 403 or 0 (fine) for a channel. */
  synchronized int channelStatus(String channelId) {
    if (missingChannels.contains(channelId)) {
      return 404;
    }
    return forbiddenChannels.contains(channelId) ? 403 : 0;
  }

  synchronized void idleClose() {
    idleClosed++;
  }
}
