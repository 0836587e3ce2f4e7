package dev.sluice.benchmarks;

import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Envelope decoding over the end-to-end corpus (the real mix of event types and sizes), against
 * Jackson's {@code readTree}: the per-message cost every gateway client pays before anything else.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CorpusDecodeBenchmark {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private byte[][] messages;
  private int next;

  @Setup
  public void setUp() {
    messages = CorpusState.messages();
  }

  private byte[] nextMessage() {
    byte[] m = messages[next];
    next = (next + 1) & (CorpusState.SIZE - 1);
    return m;
  }

  @Benchmark
  public GatewayPayload envelope() {
    return GatewayCodec.decode(nextMessage());
  }

  @Benchmark
  public JsonNode jacksonReadTree() {
    return mapper.readTree(nextMessage());
  }
}
