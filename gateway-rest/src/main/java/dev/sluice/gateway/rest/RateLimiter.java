package dev.sluice.gateway.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Sends every request through its rate-limit {@link Lane}, in order: the lane's bucket, the global
 * limit and the invalid-request guard decide when it leaves; 429s are waited out ({@code
 * retry_after}) and retried at the head of the lane; a retry-safe request that failed before any
 * answer is sent again. Shared by one {@link RestClient}; thread-safe. State changes happen under
 * one lock held for a few field updates (never across I/O); exchanges start and sinks complete
 * outside it. All waits are timers on the injected {@link Scheduler}.
 */
final class RateLimiter {

  static final int MAX_CONNECTION_RETRIES = 2;
  private static final long SERVER_ERROR_BACKOFF_MILLIS = 1000;
  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  private static final int SWEEP_EVERY = 256;

  private final Scheduler scheduler;
  private final GlobalLimit global;
  private final InvalidRequestGuard guard;
  private final int maxRateLimitRetries;
  private final Map<String, String> bucketOfRoute = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  private long submissions;
  // a 429 from Discord's edge (no rate-limit headers at all): nothing leaves before this
  private long blockedUntil = Long.MIN_VALUE;

  RateLimiter(Scheduler scheduler, int globalPerSecond, int invalidLimit, int maxRetries) {
    this.scheduler = scheduler;
    this.global = new GlobalLimit(globalPerSecond);
    this.guard = new InvalidRequestGuard(invalidLimit);
    this.maxRateLimitRetries = maxRetries;
  }

  /**
   * Queues a request; the Mono answers with the final response (2xx, an error status, or a 429 once
   * retries are exhausted) or fails with a {@link RestException} when no answer came.
   */
  Mono<RestResponse> submit(Route route, Supplier<Mono<RestResponse>> exchange) {
    return Mono.create(
        sink -> {
          Pending p = new Pending(route, exchange, sink);
          Lane lane;
          synchronized (this) {
            long now = now();
            p.order = ++submissions;
            if (submissions % SWEEP_EVERY == 0) {
              lanes.values().removeIf(l -> l.idle(now) && l.timer == null);
            }
            String bucket = bucketOfRoute.get(route.describe());
            // While this route's lane from before the bucket was known is busy, requests join it:
            // they must not overtake its queue, nor leave beside its request in flight.
            Lane unnamed = lanes.get("?" + route.routeKey());
            String key =
                bucket == null || (unnamed != null && !unnamed.idle(now))
                    ? "?" + route.routeKey()
                    : bucket + '|' + route.major();
            lane = lanes.computeIfAbsent(key, Lane::new);
            lane.queue.addLast(p);
          }
          sink.onCancel(() -> cancel(p));
          drain(lane);
        });
  }

  /** Invalid requests (401, 403, non-shared 429) counted in the last 10 minutes. */
  synchronized int invalidRequests() {
    return guard.count(now());
  }

  private void drain(Lane start) {
    List<Pending> starts = new ArrayList<>();
    List<Pending> refused = new ArrayList<>();
    Lane lane;
    synchronized (this) {
      lane = start.resolve();
      collect(lane, now(), starts, refused);
    }
    if (!refused.isEmpty()) {
      log.warn(
          "refusing {} request(s): {} invalid requests (401/403/429) in the last 10 minutes",
          refused.size(),
          guard.limit());
    }
    refused.forEach(p -> p.sink.error(refusal(p.route)));
    for (Pending p : starts) {
      start(lane, p);
    }
  }

  /**
   * Under the lock: takes from the head of the lane what may leave now, drops what was cancelled or
   * must be refused, and arms the lane's timer for the next head that must wait.
   */
  private void collect(Lane lane, long now, List<Pending> starts, List<Pending> refused) {
    Pending head;
    while ((head = lane.queue.peekFirst()) != null) {
      if (head.cancelled || guard.exhausted(now)) {
        lane.queue.pollFirst();
        if (!head.cancelled) {
          refused.add(head);
        }
        continue;
      }
      long at = lane.readyAt(now);
      if (at == Lane.AWAIT_ANSWER) {
        return;
      }
      at = Math.max(at, blockedUntil);
      if (head.route.globalLimited()) {
        at = Math.max(at, global.readyAt(now));
      }
      if (at > now) {
        arm(lane, at, now);
        return;
      }
      lane.queue.pollFirst();
      lane.take();
      if (head.route.globalLimited()) {
        global.take(now);
      }
      starts.add(head);
    }
  }

  private RestException refusal(Route route) {
    return new RestException(
        RestException.Kind.INVALID_REQUEST_LIMIT,
        route.describe(),
        0,
        0,
        "refused locally: " + guard.limit() + " invalid requests in 10 minutes",
        null);
  }

  private void start(Lane lane, Pending p) {
    p.inFlight =
        p.exchange
            .get()
            .doOnCancel(() -> abandoned(lane))
            .subscribe(response -> answered(lane, p, response), error -> failed(lane, p, error));
  }

  private void answered(Lane started, Pending p, RestResponse response) {
    boolean retry;
    Lane lane;
    synchronized (this) {
      long now = now();
      started.resolve().inFlight--;
      lane = learn(p.route, response.limits(), started);
      if (response.status() != 429 || response.limits().describesBucket()) {
        // A 429 without bucket headers (a global one) says nothing about the route's bucket.
        lane.update(response.limits(), now, response.status() >= 200 && response.status() < 300);
      }
      if (response.isInvalidRequest()) {
        guard.record(now);
      }
      retry = !p.cancelled && retryLater(lane, p, response, now);
      if (retry) {
        lane.queue.addFirst(p);
      }
    }
    if (!retry) {
      p.sink.success(response);
    }
    drain(lane);
  }

  /** Whether to send again (first in the lane) after a 429 or a gateway error; sets the wait. */
  private boolean retryLater(Lane lane, Pending p, RestResponse response, long now) {
    int status = response.status();
    if (status == 429) {
      RateLimitHeaders h = response.limits();
      long wait = Math.max(0, h.retryAfterMillis());
      if (h.fromEdge()) {
        // no rate-limit header at all: Discord's edge (a Cloudflare ban), not one bucket
        blockedUntil = Math.max(blockedUntil, now + wait);
        log.warn(
            "{} got a 429 without rate-limit headers; holding every request {} ms", p.route, wait);
      }
      switch (h.scope()) {
        case GLOBAL -> {
          global.pause(now + wait);
          lane.pause(now + wait); // also for routes exempt from the global limit
        }
        case SHARED -> lane.pause(now + wait);
        default -> lane.exhausted(now, wait);
      }
      log.debug("{} got a 429 ({} scope), waiting {} ms", p.route, h.scope(), wait);
      return p.rateLimitRetries++ < maxRateLimitRetries;
    }
    // 502/503/504: Discord's edge did not reach the API. Safe to repeat only with a nonce or for
    // an idempotent edit.
    boolean gatewayError = status == 502 || status == 503 || status == 504;
    if (gatewayError && p.route.retrySafe() && p.connectionRetries < MAX_CONNECTION_RETRIES) {
      p.connectionRetries++;
      lane.pause(now + SERVER_ERROR_BACKOFF_MILLIS * p.connectionRetries);
      log.debug("{} got {}, retrying", p.route, status);
      return true;
    }
    return false;
  }

  /** The caller cancelled while its request was in flight: its slot is free again. */
  private void abandoned(Lane started) {
    synchronized (this) {
      started.resolve().inFlight--;
    }
    drain(started);
  }

  private void failed(Lane started, Pending p, Throwable error) {
    boolean retry;
    Lane lane;
    synchronized (this) {
      started.resolve().inFlight--;
      lane = started.resolve();
      // A create carries nonce + enforce_nonce and an edit is idempotent, so sending again after
      // a connection the server closed under us creates nothing twice.
      retry =
          !p.cancelled
              && p.route.retrySafe()
              && (error instanceof IOException || error instanceof TimeoutException)
              && p.connectionRetries++ < MAX_CONNECTION_RETRIES;
      if (retry) {
        lane.queue.addFirst(p);
      }
    }
    if (!retry) {
      p.sink.error(
          error instanceof RestException
              ? error
              : new RestException(
                  RestException.Kind.CONNECTION,
                  p.route.describe(),
                  0,
                  0,
                  "no answer: " + error.getClass().getSimpleName(),
                  error));
    }
    drain(lane);
  }

  /** Maps the route to Discord's bucket; merges the lane into the bucket's lane if it differs. */
  private Lane learn(Route route, RateLimitHeaders h, Lane started) {
    Lane current = started.resolve();
    if (h.bucket() == null) {
      return current;
    }
    bucketOfRoute.put(route.describe(), h.bucket());
    String key = h.bucket() + '|' + route.major();
    if (current.key.equals(key)) {
      return current;
    }
    Lane target = lanes.computeIfAbsent(key, Lane::new);
    target.absorb(current);
    current.movedTo = target;
    if (current.timer != null) {
      current.timer.dispose();
      current.timer = null;
    }
    lanes.remove(current.key, current);
    return target;
  }

  private void arm(Lane lane, long at, long now) {
    if (lane.timer != null && !lane.timer.isDisposed() && lane.timerAt <= at) {
      return;
    }
    if (lane.timer != null) {
      lane.timer.dispose();
    }
    lane.timerAt = at;
    lane.timer =
        scheduler.schedule(
            () -> {
              synchronized (this) {
                lane.timer = null;
              }
              drain(lane);
            },
            at - now,
            TimeUnit.MILLISECONDS);
  }

  private void cancel(Pending p) {
    synchronized (this) {
      p.cancelled = true;
    }
    if (p.inFlight != null) {
      p.inFlight.dispose();
    }
  }

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }
}
