package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.event.RawEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A worker for {@link FanoutBench}: counts SLUICE_TEST events and prints {@code COUNT <n>} every
 * 100 ms. Arguments: redis uri, cluster name, partitions.
 */
public final class BenchWorkerMain {

  private BenchWorkerMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    LettuceAdapter redis = LettuceAdapter.connect(args[0]).block(Duration.ofSeconds(10));
    AtomicLong count = new AtomicLong();
    EventSource source =
        EventSource.builder(
                redis, new RedisKeyspace(args[1], Integer.parseInt(args[2])), "bench", "w1")
            .batch(1024)
            .poll(Duration.ofMillis(2))
            .on(
                RawEvent.class,
                e -> {
                  if ("SLUICE_TEST".equals(e.meta().type())) {
                    count.incrementAndGet();
                  }
                  return Mono.empty();
                })
            .build();
    Flux.interval(Duration.ofMillis(100)).subscribe(t -> out.println("COUNT " + count.get()));
    out.println("READY");
    source.run().block();
  }
}
