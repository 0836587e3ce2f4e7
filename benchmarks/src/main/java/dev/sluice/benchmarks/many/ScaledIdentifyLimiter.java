package dev.sluice.benchmarks.many;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.reactor.IdentifyLimiter;
import dev.sluice.gateway.reactor.IdentifyWait;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The identify rule with the window scaled down to the load server's ({@link LoadServer} judges the
 * same interval): one Identify per {@code shard_id % maxConcurrency} bucket per {@code interval},
 * in the order shards ask. A cancelled wait keeps its slot (a benchmark never cancels one).
 * Thread-safe.
 */
final class ScaledIdentifyLimiter implements IdentifyLimiter {

  private final long[] next;
  private final long intervalMillis;
  private final Scheduler scheduler;

  ScaledIdentifyLimiter(int maxConcurrency, Duration interval, Scheduler scheduler) {
    this.next = new long[maxConcurrency];
    // Plus a margin, as the real limiter adds one to Discord's 5 s: a grant and the Identify it
    // lets out are not the same instant, so two Identifies exactly one interval apart could reach
    // the server a little less than an interval apart. Scaled down, the gap between the two (an
    // event loop busy with hundreds of handshakes) is no longer small beside the window: a fifth.
    this.intervalMillis = interval.toMillis() + Math.max(20, interval.toMillis() / 5);
    this.scheduler = scheduler;
  }

  @Override
  public Flux<IdentifyWait> acquire(ShardInfo shard) {
    return Flux.defer(
        () -> {
          long now = scheduler.now(TimeUnit.MILLISECONDS);
          long at;
          synchronized (next) {
            int bucket = shard.id() % next.length;
            at = Math.max(now, next[bucket]);
            next[bucket] = at + intervalMillis;
          }
          Duration wait = Duration.ofMillis(at - now);
          if (wait.isZero()) {
            return Flux.empty();
          }
          return Mono.delay(wait, scheduler)
              .thenMany(Flux.<IdentifyWait>empty())
              .startWith(new IdentifyWait(IdentifyWait.Reason.BUCKET, wait, "scaled bucket"));
        });
  }
}
