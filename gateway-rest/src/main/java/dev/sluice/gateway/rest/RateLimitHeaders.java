package dev.sluice.gateway.rest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one answer says about rate limits: {@code X-RateLimit-Bucket/Limit/Remaining/Reset-After},
 * {@code X-RateLimit-Scope}, {@code X-RateLimit-Global} and, on a 429, {@code retry_after} (the
 * body's value wins over the {@code Retry-After} header, which is rounded to whole seconds). Parsed
 * on an event loop by {@link HttpExchange}; immutable.
 *
 * @param bucket the bucket hash, or null when the route is not limited
 * @param limit the bucket size, or -1
 * @param remaining requests left in the window, or -1
 * @param resetAfterMillis milliseconds until the window resets (rounded up), or -1
 * @param retryAfterMillis on a 429, milliseconds to wait (rounded up); otherwise -1
 * @param attributed whether the answer carried any {@code X-RateLimit-*} header (a 429 without one
 *     comes from Discord's edge, e.g. a Cloudflare ban, not from a bucket)
 */
record RateLimitHeaders(
    String bucket,
    int limit,
    int remaining,
    long resetAfterMillis,
    Scope scope,
    boolean global,
    long retryAfterMillis,
    boolean attributed) {

  /** {@code X-RateLimit-Scope}. */
  enum Scope {
    /** The bot's own per-route limit (or no scope header). */
    USER,
    /** The bot's global limit. */
    GLOBAL,
    /** A limit shared by everyone on the resource; does not count as an invalid request. */
    SHARED
  }

  static final RateLimitHeaders NONE =
      new RateLimitHeaders(null, -1, -1, -1, Scope.USER, false, -1, false);

  private static final Pattern RETRY_AFTER =
      Pattern.compile("\"retry_after\"\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)");
  private static final Pattern GLOBAL_TRUE = Pattern.compile("\"global\"\\s*:\\s*true");
  private static final long DEFAULT_RETRY_MILLIS = 1000;

  /** Reads the headers ({@code header} returns null when absent) and, for a 429, the body. */
  static RateLimitHeaders parse(int status, UnaryOperator<String> header, byte[] body) {
    Scope scope = scope(header.apply("X-RateLimit-Scope"));
    boolean global =
        "true".equalsIgnoreCase(trim(header.apply("X-RateLimit-Global"))) || scope == Scope.GLOBAL;
    long retryAfter = -1;
    if (status == 429) {
      String text = new String(body, StandardCharsets.UTF_8);
      global = global || GLOBAL_TRUE.matcher(text).find();
      Matcher m = RETRY_AFTER.matcher(text);
      retryAfter =
          m.find()
              ? millis(m.group(1))
              : Math.max(0, millisOr(header.apply("Retry-After"), DEFAULT_RETRY_MILLIS));
    }
    return new RateLimitHeaders(
        trim(header.apply("X-RateLimit-Bucket")),
        (int) intOr(header.apply("X-RateLimit-Limit")),
        (int) intOr(header.apply("X-RateLimit-Remaining")),
        millisOr(header.apply("X-RateLimit-Reset-After"), -1),
        global ? Scope.GLOBAL : scope,
        global,
        retryAfter,
        RATE_LIMIT_HEADERS.stream().anyMatch(name -> header.apply(name) != null));
  }

  private static final java.util.List<String> RATE_LIMIT_HEADERS =
      java.util.List.of(
          "X-RateLimit-Bucket",
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset-After",
          "X-RateLimit-Scope",
          "X-RateLimit-Global");

  /** A 429 no bucket and not the global limit: from Discord's edge, it holds every route. */
  boolean fromEdge() {
    return !attributed && !global;
  }

  /** Whether this answer names a bucket with its window. */
  boolean describesBucket() {
    return bucket != null && limit > 0 && remaining >= 0 && resetAfterMillis >= 0;
  }

  private static Scope scope(String value) {
    String v = trim(value);
    if ("shared".equalsIgnoreCase(v)) {
      return Scope.SHARED;
    }
    return "global".equalsIgnoreCase(v) ? Scope.GLOBAL : Scope.USER;
  }

  private static long intOr(String value) {
    String v = trim(value);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long millisOr(String seconds, long fallback) {
    String v = trim(seconds);
    if (v == null) {
      return fallback;
    }
    try {
      return millis(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long millis(String seconds) {
    // Decimal, not double: "0.2" must be 200 ms, not 201.
    BigDecimal ms = new BigDecimal(seconds).movePointRight(3).setScale(0, RoundingMode.CEILING);
    return Math.max(0, ms.longValue());
  }

  private static String trim(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
