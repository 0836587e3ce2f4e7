package dev.sluice.benchmarks;

import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.internal.codec.EventDecoder;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.codec.GatewayPayload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Envelope-only decoding ({@code op}, {@code s}, {@code t}, raw {@code d}) against a full Jackson
 * {@code readTree} of the same message, on realistic MESSAGE_CREATE and PRESENCE_UPDATE payloads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeDecodeBenchmark {

  @Param({"message_create", "presence_update"})
  public String payload;

  /**
   * Key order: {@code wire} is Discord's ({@code t, s, op, d}: the body last); {@code docs} is the
   * order of the documentation examples ({@code op, d, s, t}).
   */
  @Param({"wire", "docs"})
  public String order;

  /** The baseline gets the same thread-local buffer pool that Sluice's own parser uses. */
  private final JsonMapper mapper =
      JsonMapper.builder(
              JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build())
          .build();

  private byte[] bytes;

  @Setup
  public void load() {
    bytes = Payloads.compact(payload, order.equals("wire"));
  }

  @Benchmark
  public GatewayPayload envelopeOnly() {
    return GatewayCodec.decode(bytes);
  }

  @Benchmark
  public JsonNode jacksonReadTree() {
    return mapper.readTree(bytes);
  }

  @Benchmark
  public Object envelopeThenTypedMessageCreate() {
    GatewayPayload p = GatewayCodec.decode(bytes);
    if (!"MESSAGE_CREATE".equals(p.type())) {
      return p;
    }
    return EventDecoder.decode(
        p,
        new EventMeta(p.type(), ShardInfo.SINGLE, p.sequence(), Instant.EPOCH),
        MessageCreate.class);
  }

  /** Loads the bundled payload fixtures, re-serialised compactly as the gateway sends them. */
  static final class Payloads {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Payloads() {}

    static byte[] compact(String name, boolean wireOrder) {
      try (InputStream in = Payloads.class.getResourceAsStream("/payloads/" + name + ".json")) {
        if (in == null) {
          throw new IllegalArgumentException("no payload " + name);
        }
        ObjectNode tree = (ObjectNode) MAPPER.readTree(in.readAllBytes());
        if (!wireOrder) {
          return MAPPER.writeValueAsBytes(tree);
        }
        ObjectNode wire = MAPPER.createObjectNode();
        for (String key : new String[] {"t", "s", "op", "d"}) {
          wire.set(key, tree.get(key));
        }
        return MAPPER.writeValueAsBytes(wire);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
