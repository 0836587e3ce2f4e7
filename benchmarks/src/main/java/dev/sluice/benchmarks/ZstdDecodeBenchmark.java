package dev.sluice.benchmarks;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.sluice.benchmarks.e2e.Script;
import dev.sluice.benchmarks.e2e.Wire;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one message of the corpus from a direct buffer (as Netty hands it over), zlib-stream and
 * zstd-stream through Sluice's bounded decompressor, and zstd-stream through a bare zstd-jni
 * context into a reused buffer (the floor). Each stream is replayed from its start with fresh
 * contexts whenever it runs out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZstdDecodeBenchmark {

  static final int MESSAGES = 100_000;

  @Param({"zlib", "zstd"})
  public String wire;

  private Script script;
  private Wire mode;
  private ByteBuffer[] direct;
  private TransportDecompressor decompressor;
  private ZstdDecompressCtx bare;
  private byte[] reused = new byte[256 * 1024];
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    script = Script.build(42, 2_000, MESSAGES, "ws://127.0.0.1:1/ws");
    mode = Wire.of(wire);
    direct = new ByteBuffer[script.size()];
    for (int i = 0; i < direct.length; i++) {
      byte[] bytes = script.bytes(mode, i);
      direct[i] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
    restart();
  }

  private void restart() {
    if (decompressor != null) {
      decompressor.close();
      bare.close();
    }
    decompressor = TransportDecompressor.create(mode.compression(), 16 * 1024 * 1024);
    bare = new ZstdDecompressCtx();
    next = 0;
  }

  private ByteBuffer nextMessage() {
    if (next == direct.length) {
      restart();
    }
    return direct[next++].duplicate();
  }

  @Benchmark
  public byte[] sluice() {
    ByteBuffer message = nextMessage(); // first: it may replace the decompressor
    return decompressor.decompress(message);
  }

  /** The floor over zstd-stream (over zlib it decodes the zlib bytes as zstd: not meaningful). */
  @Benchmark
  public int bareZstd() {
    if (mode != Wire.ZSTD) {
      return 0;
    }
    ByteBuffer src = nextMessage();
    int length = 0;
    while (true) {
      if (length == reused.length) {
        reused = Arrays.copyOf(reused, reused.length * 2);
      }
      ByteBuffer dst = ByteBuffer.wrap(reused, length, reused.length - length);
      bare.decompressByteBufferStream(dst, src);
      length = dst.position();
      if (!src.hasRemaining() && dst.hasRemaining()) {
        return length;
      }
    }
  }
}
