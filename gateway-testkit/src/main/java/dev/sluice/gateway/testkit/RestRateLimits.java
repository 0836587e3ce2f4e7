package dev.sluice.gateway.testkit;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discord's REST rate limits as the fake enforces them: a fixed window per bucket (route template
 * plus major parameter) that opens at the bucket's first request, and a sliding one-second global
 * limit. Reset times are rounded up to the millisecond, as a client reading {@code Reset-After}
 * must never reset before the server does. Called by {@link RestRoutes} on event loops; thread-safe
 * (synchronized).
 */
final class RestRateLimits {

  /** The outcome of one request: pass with these headers, or a 429 with them. */
  record Verdict(
      boolean allowed, Map<String, String> headers, long retryAfterMillis, String scope) {}

  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long SECOND_NANOS = 1_000_000_000L;

  private final Map<String, long[]> windows = new HashMap<>(); // key -> {openedAtNanos, count}
  private final ArrayDeque<Long> globalLog = new ArrayDeque<>();
  private int limit;
  private long resetNanos;
  private int globalLimit;

  RestRateLimits(FakeRestOptions options) {
    configure(options.limit(), options.reset().toNanos(), options.globalLimit());
  }

  synchronized void configure(int bucketLimit, long windowNanos, int perSecond) {
    this.limit = bucketLimit;
    this.resetNanos = windowNanos;
    this.globalLimit = perSecond;
    windows.clear();
  }

  /** Counts a request against the global limit and its bucket. */
  synchronized Verdict admit(String template, String major, long now) {
    if (globalLimit > 0) {
      while (!globalLog.isEmpty() && now - globalLog.peekFirst() >= SECOND_NANOS) {
        globalLog.pollFirst();
      }
      if (globalLog.size() >= globalLimit) {
        long retry = ceilMillis(globalLog.peekFirst() + SECOND_NANOS - now);
        return new Verdict(false, globalHeaders(retry), retry, "global");
      }
      globalLog.addLast(now);
    }
    if (limit <= 0) {
      return new Verdict(true, Map.of(), 0, null);
    }
    long[] w = windows.computeIfAbsent(template + '|' + major, k -> new long[] {now, 0});
    if (now - w[0] >= resetNanos) {
      w[0] = now;
      w[1] = 0;
    }
    long resetAfter = ceilMillis(w[0] + resetNanos - now);
    if (w[1] >= limit) {
      return new Verdict(false, bucketHeaders(template, 0, resetAfter, "user"), resetAfter, "user");
    }
    w[1]++;
    return new Verdict(
        true, bucketHeaders(template, (int) (limit - w[1]), resetAfter, null), 0, null);
  }

  /** The headers of a scripted 429 of this scope. */
  synchronized Map<String, String> forced(String scope, String template, long retryAfterMillis) {
    if (scope.equals("global")) {
      return globalHeaders(retryAfterMillis);
    }
    Map<String, String> h = bucketHeaders(template, 0, retryAfterMillis, scope);
    h.put("X-RateLimit-Limit", Integer.toString(Math.max(1, limit)));
    return h;
  }

  private Map<String, String> bucketHeaders(
      String template, int remaining, long resetAfterMillis, String scope) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-RateLimit-Bucket", bucketHash(template));
    h.put("X-RateLimit-Limit", Integer.toString(limit));
    h.put("X-RateLimit-Remaining", Integer.toString(remaining));
    h.put("X-RateLimit-Reset-After", seconds(resetAfterMillis));
    long resetAt = System.currentTimeMillis() + resetAfterMillis;
    h.put("X-RateLimit-Reset", seconds(resetAt));
    if (scope != null) {
      h.put("X-RateLimit-Scope", scope);
      h.put("Retry-After", Long.toString((resetAfterMillis + 999) / 1000));
    }
    return h;
  }

  private static Map<String, String> globalHeaders(long retryAfterMillis) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-RateLimit-Global", "true");
    h.put("X-RateLimit-Scope", "global");
    h.put("Retry-After", Long.toString((retryAfterMillis + 999) / 1000));
    return h;
  }

  static String bucketHash(String template) {
    return Integer.toHexString(template.hashCode() & 0x7fffffff);
  }

  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }

  private static long ceilMillis(long nanos) {
    return Math.max(0, (nanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
  }
}
