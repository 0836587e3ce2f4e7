package dev.sluice.benchmarks;

import dev.sluice.benchmarks.e2e.Script;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inflating one message of a zlib-stream (the corpus mix, one shared context, as Discord sends it)
 * with Sluice's bounded decompressor. The stream is replayed from its start with a fresh context
 * whenever it runs out (every {@value #MESSAGES} messages).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InflateBenchmark {

  static final int MESSAGES = 100_000;

  private Script script;
  private TransportDecompressor decompressor;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    script = Script.build(42, 2_000, MESSAGES, "ws://127.0.0.1:1/ws");
    restart();
  }

  private void restart() {
    if (decompressor != null) {
      decompressor.close();
    }
    decompressor = TransportDecompressor.create(Compression.ZLIB_STREAM, 16 * 1024 * 1024);
    for (int i = 0; i < 6; i++) {
      decompressor.decompress(ByteBuffer.wrap(script.zlib(i))); // Hello, ACK, READY, guilds
    }
    next = 6;
  }

  @Benchmark
  public byte[] inflateMessage() {
    if (next == script.size()) {
      restart();
    }
    return decompressor.decompress(ByteBuffer.wrap(script.zlib(next++)));
  }
}
