package dev.sluice.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.model.Snowflake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Random schedules in virtual time against a model of Discord's bucket (a fixed window opening at
 * the first request it receives) with random latencies each way: the limiter never draws a 429 and
 * loses no request. Seeded; the seed is printed on failure and replayed with {@code
 * -Dsluice.seed=N}.
 */
class RateLimiterPropertyTest {

  static final int RUNS = Integer.getInteger("sluice.runs", 40);

  /** The server side of one bucket. */
  static final class Bucket {
    final int limit;
    final long window;
    long openedAt = Long.MIN_VALUE;
    int used;
    int tooMany;

    Bucket(int limit, long window) {
      this.limit = limit;
      this.window = window;
    }

    RestResponse handle(long now) {
      if (openedAt == Long.MIN_VALUE || now - openedAt >= window) {
        openedAt = now;
        used = 0;
      }
      long resetAfter = openedAt + window - now;
      String seconds = java.math.BigDecimal.valueOf(resetAfter, 3).toPlainString();
      if (used >= limit) {
        tooMany++;
        byte[] body = ("{\"retry_after\":" + seconds + "}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = headers(0, seconds);
        return new RestResponse(429, RateLimitHeaders.parse(429, h::get, body), body);
      }
      used++;
      Map<String, String> h = headers(limit - used, seconds);
      return new RestResponse(200, RateLimitHeaders.parse(200, h::get, new byte[0]), new byte[0]);
    }

    Map<String, String> headers(int remaining, String resetAfter) {
      return Map.of(
          "X-RateLimit-Bucket",
          "b",
          "X-RateLimit-Limit",
          Integer.toString(limit),
          "X-RateLimit-Remaining",
          Integer.toString(remaining),
          "X-RateLimit-Reset-After",
          resetAfter,
          "X-RateLimit-Scope",
          "user");
    }
  }

  @Test
  void randomBurstsAndLatenciesNeverDrawA429() {
    long seed = Long.getLong("sluice.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int run = 0; run < RUNS; run++) {
      long runSeed = seeds.nextLong();
      try {
        runOnce(new SplittableRandom(runSeed));
      } catch (AssertionError e) {
        throw new AssertionError(
            "run "
                + run
                + " failed; replay with -Dsluice.seed="
                + seed
                + " (run seed "
                + runSeed
                + ")",
            e);
      }
    }
  }

  private void runOnce(SplittableRandom random) {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    Bucket bucket = new Bucket(1 + random.nextInt(10), 50 + random.nextInt(500));
    RateLimiter limiter = new RateLimiter(time, 10_000, 9_999, 0);
    Route route = Route.createMessage(Snowflake.of(42));
    int requests = 50 + random.nextInt(150);
    AtomicInteger ok = new AtomicInteger();
    for (int i = 0; i < requests; i++) {
      long submitAt = random.nextInt(2000);
      long there = random.nextInt(30);
      long back = random.nextInt(30);
      Mono<RestResponse> exchange =
          Mono.delay(Duration.ofMillis(there), time)
              .map(x -> bucket.handle(time.now(TimeUnit.MILLISECONDS)))
              .delayElement(Duration.ofMillis(back), time);
      Mono.delay(Duration.ofMillis(submitAt), time)
          .then(limiter.submit(route, () -> exchange))
          .subscribe(r -> ok.addAndGet(r.status() == 200 ? 1 : 0));
    }
    time.advanceTimeBy(Duration.ofHours(1));
    assertThat(bucket.tooMany).as("429s drawn").isZero();
    assertThat(ok.get()).as("requests answered 200").isEqualTo(requests);
  }
}
