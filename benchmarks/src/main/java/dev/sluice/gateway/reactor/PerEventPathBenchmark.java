package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.event.MessageCreate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The whole per-event path of a connected {@link GatewayClient}, from a received (plain) message to
 * a subscriber: envelope decode, the split into heartbeat / dispatch / control streams, the session
 * state machine, the dispatch sink and the subscriber's buffer. A MESSAGE_CREATE of the corpus is
 * pushed through an in-memory transport on the benchmark thread; its sequence number is rewritten
 * in place so that every message is new to the session. {@code raw} subscribes with {@code raw()},
 * {@code typed} with {@code on(MessageCreate.class)} (which binds the body to its record); {@code
 * metrics} turns the Micrometer meters on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerEventPathBenchmark {

  @Param({"raw", "typed"})
  public String subscriber;

  /** {@code on}: the Micrometer meters ({@code SluiceMetrics}) observe the client. */
  @Param({"off", "on"})
  public String metrics;

  private static final String BODY_MARK = "\"s\":";
  private FluxSink<ByteBuffer> inbound;
  private GatewayClient client;
  private Disposable running;
  private Disposable subscription;
  private byte[] message;
  private int sequenceAt;
  private long sequence = 1_000_000_000L;
  private Blackhole blackhole;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    this.blackhole = blackhole;
    String body =
        new String(dev.sluice.benchmarks.e2e.Corpus.sampleMessageCreate(), StandardCharsets.UTF_8);
    message =
        ("{\"t\":\"MESSAGE_CREATE\",\"s\":" + sequence + ",\"op\":0,\"d\":" + body + "}")
            .getBytes(StandardCharsets.UTF_8);
    sequenceAt =
        new String(message, StandardCharsets.UTF_8).indexOf(BODY_MARK) + BODY_MARK.length();
    Flux<ByteBuffer> frames = Flux.create(sink -> inbound = sink);
    Transport transport = url -> Mono.just(new MemoryConnection(frames));
    client =
        GatewayClient.builder(BotToken.of("bench.token.value"))
            .compression(Compression.NONE)
            .transport(transport)
            .jitter(() -> 0.5)
            .observer(
                metrics.equals("on")
                    ? dev.sluice.gateway.micrometer.SluiceMetrics.of(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                    : GatewayObserver.none())
            .build();
    Flux<?> events = subscriber.equals("raw") ? client.raw() : client.on(MessageCreate.class);
    subscription = events.subscribe(blackhole::consume);
    running = client.connect().subscribe();
    push("{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}");
    push(
        "{\"t\":\"READY\",\"s\":1,\"op\":0,\"d\":{\"v\":10,\"session_id\":\"bench\","
            + "\"resume_gateway_url\":\"ws://127.0.0.1:1\",\"user\":{\"id\":\"1\"},\"guilds\":[]}}");
  }

  private void push(String json) {
    inbound.next(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Benchmark
  public void frameToSubscriber() {
    long s = ++sequence;
    for (int i = sequenceAt + 9; i >= sequenceAt; i--) {
      message[i] = (byte) ('0' + s % 10);
      s /= 10;
    }
    inbound.next(ByteBuffer.wrap(message));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    subscription.dispose();
    running.dispose();
  }

  private static final class MemoryConnection implements Transport.Connection {
    private final Flux<ByteBuffer> frames;

    MemoryConnection(Flux<ByteBuffer> frames) {
      this.frames = frames;
    }

    @Override
    public <T> Flux<T> receive(Function<ByteBuffer, T> reader) {
      return frames.handle(
          (frame, sink) -> {
            T value = reader.apply(frame);
            if (value != null) {
              sink.next(value);
            }
          });
    }

    @Override
    public Mono<Void> send(byte[] text) {
      return Mono.empty();
    }

    @Override
    public Mono<Void> close(int code, String reason) {
      return Mono.empty();
    }

    @Override
    public Mono<Integer> closeCode() {
      return Mono.delay(Duration.ofDays(1)).thenReturn(1000);
    }

    @Override
    public void dispose() {}
  }
}
