package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.event.RawEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;

/**
 * One worker in its own JVM, for the process tests: prints {@code H <shard>/<sid>/<seq> <n>} when
 * its handler completes for a SLUICE_TEST event (before the ack), {@code READY} once running;
 * SIGTERM finishes and acks what it holds, prints {@code STOPPED} and exits 0.
 *
 * <p>Arguments: redis uri, cluster name, partitions, group, consumer, min idle ms.
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    LettuceAdapter redis = LettuceAdapter.connect(args[0]).block(Duration.ofSeconds(10));
    RedisKeyspace keys = new RedisKeyspace(args[1], Integer.parseInt(args[2]));
    EventSource source =
        EventSource.builder(redis, keys, args[3], args[4])
            .minIdle(Duration.ofMillis(Long.parseLong(args[5])))
            .poll(Duration.ofMillis(5))
            .on(RawEvent.class, e -> handle(out, e))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  source.stop().block(Duration.ofSeconds(15));
                  synchronized (out) {
                    out.println("STOPPED acked " + source.acked());
                  }
                  redis.close().block(Duration.ofSeconds(5));
                  stopped.countDown();
                  Runtime.getRuntime().halt(0); // SIGTERM would otherwise exit 143
                }));
    source.run().subscribe();
    out.println("READY");
    stopped.await();
  }

  private static Mono<Void> handle(PrintStream out, RawEvent e) {
    if (!"SLUICE_TEST".equals(e.meta().type())) {
      return Mono.empty();
    }
    return EventSource.key()
        .doOnNext(
            k -> {
              synchronized (out) {
                out.println("H " + k + " " + FanoutRig.n(e.json()));
              }
            })
        .then();
  }
}
