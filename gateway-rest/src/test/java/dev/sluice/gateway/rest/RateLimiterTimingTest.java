package dev.sluice.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.model.Snowflake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The limiter's decisions in virtual time, with exchanges the test answers by hand: what leaves
 * when, in which order, and what waits for which timer. No I/O, no real time.
 */
class RateLimiterTimingTest {

  static final Route A = Route.createMessage(Snowflake.of(1));
  static final Route B = Route.createMessage(Snowflake.of(2));

  final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  final List<Sent> sent = new ArrayList<>();
  final List<Object> results = new ArrayList<>();

  record Sent(Route route, String tag, Sinks.One<RestResponse> answer) {}

  RateLimiter limiter(int global, int invalidLimit) {
    return new RateLimiter(time, global, invalidLimit, 5);
  }

  void submit(RateLimiter limiter, Route route, String tag) {
    limiter
        .submit(
            route,
            () -> {
              Sinks.One<RestResponse> answer = Sinks.one();
              sent.add(new Sent(route, tag, answer));
              return answer.asMono();
            })
        .subscribe(r -> results.add(tag + ":" + r.status()), results::add);
  }

  static RestResponse ok(int limit, int remaining, String resetAfter) {
    return ok("abc", limit, remaining, resetAfter);
  }

  static RestResponse tooMany(String scope, String retryAfter, boolean global) {
    Map<String, String> h =
        global
            ? Map.of("X-RateLimit-Global", "true", "X-RateLimit-Scope", scope)
            : Map.of("X-RateLimit-Scope", scope);
    byte[] body =
        ("{\"message\":\"You are being rate limited.\",\"retry_after\":"
                + retryAfter
                + ",\"global\":"
                + global
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    return new RestResponse(429, RateLimitHeaders.parse(429, h::get, body), body);
  }

  void answer(int index, RestResponse response) {
    sent.get(index).answer().tryEmitValue(response);
  }

  @Test
  void anUnknownBucketSendsOneAtATimeThenUpToRemainingThenWaitsForTheReset() {
    RateLimiter limiter = limiter(50, 100);
    for (int i = 0; i < 6; i++) {
      submit(limiter, A, "m" + i);
    }
    assertThat(sent).hasSize(1);
    answer(0, ok(3, 2, "1.000"));
    assertThat(sent).extracting(Sent::tag).containsExactly("m0", "m1", "m2");
    answer(1, ok(3, 1, "0.990"));
    answer(2, ok(3, 0, "0.980"));
    time.advanceTimeBy(Duration.ofMillis(999));
    assertThat(sent).hasSize(3);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(sent).extracting(Sent::tag).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(results).containsExactly("m0:200", "m1:200", "m2:200");
  }

  @Test
  void aRoute429IsRetriedFirstInItsLaneAfterExactlyRetryAfter() {
    RateLimiter limiter = limiter(50, 100);
    submit(limiter, A, "first");
    answer(0, ok(5, 4, "5"));
    submit(limiter, A, "second");
    submit(limiter, A, "third");
    answer(1, tooMany("user", "2.5", false));
    time.advanceTimeBy(Duration.ofMillis(2499));
    assertThat(sent).extracting(Sent::tag).containsExactly("first", "second", "third");
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(sent).extracting(Sent::tag).containsExactly("first", "second", "third", "second");
    assertThat(limiter.invalidRequests()).isEqualTo(1);
  }

  @Test
  void aGlobal429HoldsOtherLanesButAShared429OnlyItsOwnAndIsNotCounted() {
    RateLimiter limiter = limiter(50, 100);
    submit(limiter, A, "a1");
    answer(0, tooMany("global", "1", true));
    submit(limiter, B, "b1");
    assertThat(sent).hasSize(1);
    time.advanceTimeBy(Duration.ofMillis(999));
    assertThat(sent).hasSize(1);
    time.advanceTimeBy(Duration.ofMillis(1));
    // Both lanes wake at the end of the pause; their timers may fire in either order.
    assertThat(sent.subList(1, 3)).extracting(Sent::tag).containsExactlyInAnyOrder("b1", "a1");
    if (sent.get(1).tag().equals("a1")) {
      java.util.Collections.swap(sent, 1, 2);
    }
    answer(1, tooMany("shared", "3", false));
    submit(limiter, A, "a2");
    answer(2, ok(5, 4, "5"));
    assertThat(sent).extracting(Sent::tag).containsExactly("a1", "b1", "a1", "a2");
    time.advanceTimeBy(Duration.ofMillis(3000));
    assertThat(sent).extracting(Sent::tag).containsExactly("a1", "b1", "a1", "a2", "b1");
    assertThat(limiter.invalidRequests()).isEqualTo(1);
  }

  @Test
  void aGlobal429DoesNotTeachABucketAnything() {
    RateLimiter limiter = limiter(50, 100);
    submit(limiter, A, "a1");
    submit(limiter, A, "a2");
    answer(0, tooMany("global", "1", true));
    time.advanceTimeBy(Duration.ofMillis(1000));
    // Still one at a time: the bucket is as unknown as before.
    assertThat(sent).extracting(Sent::tag).containsExactly("a1", "a1");
    answer(1, ok(5, 4, "5"));
    assertThat(sent).extracting(Sent::tag).containsExactly("a1", "a1", "a2");
  }

  @Test
  void routesThatDiscordPutsInOneBucketShareOneLane() {
    RateLimiter limiter = limiter(50, 100);
    Route edit = Route.editMessage(Snowflake.of(1), Snowflake.of(7));
    Route delete = Route.deleteMessage(Snowflake.of(1), Snowflake.of(8));
    submit(limiter, edit, "edit");
    answer(0, ok(2, 1, "1"));
    submit(limiter, delete, "delete");
    answer(1, ok(2, 0, "0.9"));
    submit(limiter, delete, "delete again");
    submit(limiter, edit, "edit again");
    assertThat(sent).hasSize(2);
    time.advanceTimeBy(Duration.ofMillis(1000));
    assertThat(sent)
        .extracting(Sent::tag)
        .containsExactly("edit", "delete", "delete again", "edit again");
  }

  @Test
  void theGlobalLimitSpreadsABurstOverSeconds() {
    RateLimiter limiter = limiter(2, 100);
    for (int i = 0; i < 5; i++) {
      submit(limiter, Route.createMessage(Snowflake.of(10 + i)), "c" + i);
    }
    assertThat(sent).hasSize(2);
    time.advanceTimeBy(Duration.ofMillis(1000));
    assertThat(sent).hasSize(4);
    time.advanceTimeBy(Duration.ofMillis(1000));
    assertThat(sent).hasSize(5);
  }

  @Test
  void theInvalidRequestGuardRefusesWithoutSendingAndForgetsAfterTenMinutes() {
    RateLimiter limiter = limiter(50, 2);
    submit(limiter, A, "x");
    answer(0, tooMany("user", "0", false));
    answer(1, tooMany("user", "0", false));
    submit(limiter, B, "refused");
    assertThat(sent).hasSize(2);
    assertThat(results).hasSize(2);
    assertThat(results.get(0)).isInstanceOf(RestException.class);
    assertThat(((RestException) results.get(0)).kind())
        .isEqualTo(RestException.Kind.INVALID_REQUEST_LIMIT);
    time.advanceTimeBy(Duration.ofMinutes(10).plusSeconds(1));
    submit(limiter, B, "later");
    assertThat(sent).extracting(Sent::tag).endsWith("later");
  }

  @Test
  void aCancelledRequestInFlightFreesItsUnknownBucket() {
    RateLimiter limiter = limiter(50, 100);
    reactor.core.Disposable first = limiter.submit(A, () -> Mono.never()).subscribe();
    submit(limiter, A, "next");
    assertThat(sent).isEmpty();
    first.dispose();
    assertThat(sent).extracting(Sent::tag).containsExactly("next");
  }

  static RestResponse bare(int status) {
    return new RestResponse(
        status, RateLimitHeaders.parse(status, h -> null, new byte[0]), new byte[0]);
  }

  static RestResponse ok(String bucket, int limit, int remaining, String resetAfter) {
    Map<String, String> h =
        Map.of(
            "X-RateLimit-Bucket",
            bucket,
            "X-RateLimit-Limit",
            Integer.toString(limit),
            "X-RateLimit-Remaining",
            Integer.toString(remaining),
            "X-RateLimit-Reset-After",
            resetAfter);
    return new RestResponse(200, RateLimitHeaders.parse(200, h::get, new byte[0]), new byte[0]);
  }

  @Test
  void anErrorWithoutHeadersLeavesAnUnknownBucketUnknown() {
    RateLimiter limiter = limiter(50, 100);
    for (int i = 0; i < 5; i++) {
      submit(limiter, A, "m" + i);
    }
    answer(0, bare(502)); // Discord's edge: retried after 1 s, the bucket still unknown
    time.advanceTimeBy(Duration.ofMillis(1000));
    assertThat(sent).extracting(Sent::tag).containsExactly("m0", "m0");
    answer(1, bare(500)); // not retried, and no reason to send the rest at once
    assertThat(sent).extracting(Sent::tag).containsExactly("m0", "m0", "m1");
    answer(2, ok(5, 3, "5"));
    assertThat(sent).extracting(Sent::tag).containsExactly("m0", "m0", "m1", "m2", "m3", "m4");
    // a success without headers: the route is not limited
    Route other = Route.createMessage(Snowflake.of(99));
    submit(limiter, other, "o0");
    submit(limiter, other, "o1");
    submit(limiter, other, "o2");
    answer(6, bare(200));
    assertThat(sent).extracting(Sent::tag).endsWith("o0", "o1", "o2");
  }

  @Test
  void onceABucketIsKnownAChannelsNewRequestsQueueBehindItsOlderOnes() {
    RateLimiter limiter = limiter(50, 100);
    for (int i = 0; i < 4; i++) {
      submit(limiter, B, "b" + i); // channel 2: bucket unknown, b0 in flight
    }
    submit(limiter, A, "a0");
    answer(1, ok("shared", 5, 4, "5")); // channel 1 teaches the route's bucket
    submit(limiter, B, "x"); // must not overtake b1..b3, nor leave beside b0
    assertThat(sent).extracting(Sent::tag).containsExactly("b0", "a0");
    answer(0, ok("shared", 5, 4, "5"));
    assertThat(sent).extracting(Sent::tag).containsExactly("b0", "a0", "b1", "b2", "b3", "x");
  }

  @Test
  void aGlobal429OnARouteExemptFromTheGlobalLimitWaitsToo() {
    RateLimiter limiter = limiter(50, 100);
    Route callback = Route.interactionCallback(Snowflake.of(5), "tok");
    submit(limiter, callback, "c");
    answer(0, tooMany("global", "1", true));
    assertThat(sent).hasSize(1);
    time.advanceTimeBy(Duration.ofMillis(999));
    assertThat(sent).hasSize(1);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(sent).extracting(Sent::tag).containsExactly("c", "c");
  }

  @Test
  void a429WithoutAnyRateLimitHeaderHoldsEveryRoute() {
    RateLimiter limiter = limiter(50, 100);
    submit(limiter, A, "a0");
    byte[] body = "<html>banned</html>".getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = Map.of("Retry-After", "3");
    answer(0, new RestResponse(429, RateLimitHeaders.parse(429, h::get, body), body));
    submit(limiter, B, "b0");
    submit(limiter, Route.interactionCallback(Snowflake.of(5), "tok"), "c0");
    time.advanceTimeBy(Duration.ofMillis(2999));
    assertThat(sent).extracting(Sent::tag).containsExactly("a0");
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(sent.subList(1, 4))
        .extracting(Sent::tag)
        .containsExactlyInAnyOrder("a0", "b0", "c0");
  }
}
