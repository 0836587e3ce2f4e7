package dev.sluice.gateway.core.internal.codec;

import dev.sluice.benchmarks.e2e.Corpus;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.event.EventTypes;
import dev.sluice.gateway.core.event.GatewayEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per event type, what {@code events()} pays for a dispatch (the envelope, then the body bound to
 * its record: {@code typed}) against what the side-by-side floor pays (Jackson's {@code readTree}
 * of the whole message), over the same messages of the end-to-end corpus in the same run. {@code
 * jacksonBind} binds the body with Jackson's databind alone, as Sluice did before its fast path (in
 * this package for that).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventTypeDecodeBenchmark {

  private static final int SIZE = 64;

  @Param({
    "MESSAGE_CREATE",
    "GUILD_CREATE",
    "PRESENCE_UPDATE",
    "TYPING_START",
    "MESSAGE_REACTION_ADD",
    "GUILD_MEMBER_UPDATE"
  })
  public String type;

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final EventMeta[] metas = new EventMeta[SIZE];
  private final byte[][] messages = new byte[SIZE][];
  private int next;

  @Setup
  public void setUp() {
    List<Corpus.Dispatch> bodies = samples(type);
    for (int i = 0; i < SIZE; i++) {
      Corpus.Dispatch d = bodies.get(i % bodies.size());
      messages[i] =
          ("{\"t\":\"" + type + "\",\"s\":" + (i + 1) + ",\"op\":0,\"d\":" + d.body() + "}")
              .getBytes(StandardCharsets.UTF_8);
      metas[i] = new EventMeta(type, ShardInfo.SINGLE, i + 1, Instant.EPOCH);
    }
  }

  static List<Corpus.Dispatch> samples(String type) {
    Corpus corpus = new Corpus(42);
    if (type.equals("GUILD_CREATE")) {
      return corpus.guildCreates();
    }
    List<Corpus.Dispatch> out = new ArrayList<>();
    for (Corpus.Dispatch d : corpus.events(SIZE * 20, 0, 0)) {
      if (d.type().equals(type) && out.size() < SIZE) {
        out.add(d);
      }
    }
    return out;
  }

  @Benchmark
  public GatewayEvent typed() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    GatewayPayload payload = GatewayCodec.decode(messages[i]);
    return EventDecoder.decode(payload, metas[i]);
  }

  @Benchmark
  public GatewayEvent jacksonBind() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    GatewayPayload payload = GatewayCodec.decode(messages[i]);
    Class<? extends GatewayEvent> eventType = EventTypes.classOf(type).orElseThrow();
    return EventDecoder.bind(payload, payload.data(), metas[i], eventType);
  }

  @Benchmark
  public JsonNode readTree() {
    int i = next;
    next = (i + 1) & (SIZE - 1);
    return mapper.readTree(messages[i]);
  }
}
