package dev.sluice.benchmarks;

import dev.sluice.benchmarks.e2e.Corpus;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

/** Binding a corpus MESSAGE_CREATE body to its record, against a Jackson tree of the same body. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TypedDecodeBenchmark {

  private final JsonMapper mapper = JsonMapper.builder().build();
  private GatewayPayload payload;
  private EventMeta meta;
  private byte[] body;

  @Setup
  public void setUp() {
    body = Corpus.sampleMessageCreate();
    byte[] message =
        ("{\"t\":\"MESSAGE_CREATE\",\"s\":7,\"op\":0,\"d\":"
                + new String(body, StandardCharsets.UTF_8)
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    payload = GatewayCodec.decode(message);
    meta = new EventMeta("MESSAGE_CREATE", ShardInfo.SINGLE, 7, Instant.EPOCH);
  }

  @Benchmark
  public MessageCreate typedMessageCreate() {
    return EventDecoder.decode(payload, meta, MessageCreate.class);
  }

  @Benchmark
  public JsonNode jacksonReadTreeOfBody() {
    return mapper.readTree(body);
  }
}
