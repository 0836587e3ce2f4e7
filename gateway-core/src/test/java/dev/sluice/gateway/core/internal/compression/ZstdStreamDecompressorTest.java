package dev.sluice.gateway.core.internal.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZstdStreamDecompressorTest {

  /** One zstd context for a whole "connection", flushed per message, the frame never ended. */
  static final class Compressor implements AutoCloseable {
    private final ZstdCompressCtx ctx = new ZstdCompressCtx();

    Compressor() {
      this(0);
    }

    Compressor(int windowLog) {
      ctx.setLevel(3);
      if (windowLog > 0) {
        ctx.setWindowLog(windowLog);
      }
    }

    byte[] message(byte[] json) {
      ByteBuffer src = ByteBuffer.wrap(json);
      ByteBuffer dst = ByteBuffer.allocate(json.length + 1024);
      while (!ctx.compressByteBufferStream(dst, src, EndDirective.FLUSH)) {
        dst = ByteBuffer.allocate(dst.capacity() * 2).put(dst.flip());
      }
      return Arrays.copyOf(dst.array(), dst.position());
    }

    byte[] message(String json) {
      return message(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  final Compressor server = new Compressor();
  final TransportDecompressor client =
      TransportDecompressor.create(Compression.ZSTD_STREAM, 1 << 20);

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void aWholeMessageDecompresses() {
    assertThat(client.decompress(server.message(Fixtures.bytes("ready"))))
        .isEqualTo(Fixtures.bytes("ready"));
    assertThat(Compression.ZSTD_STREAM.queryValue()).isEqualTo("zstd-stream");
  }

  @Test
  void directAndOffsetBuffersDecompress() {
    byte[] json = Fixtures.bytes("hello");
    byte[] compressed = server.message(json);
    ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length + 6);
    direct.position(3);
    direct.put(compressed).flip().position(3);
    assertThat(client.decompress(direct)).isEqualTo(json);
    assertThat(direct.hasRemaining()).isFalse();
    byte[] again = server.message(json);
    ByteBuffer readOnly = ByteBuffer.wrap(again).asReadOnlyBuffer();
    assertThat(client.decompress(readOnly)).isEqualTo(json);
  }

  @Test
  void thousandsOfMessagesShareOneNeverEndingFrame() {
    long seed = Long.getLong("sluice.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    String[] names = Fixtures.names().toArray(String[]::new);
    long total = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] json = Fixtures.bytes(names[random.nextInt(names.length)]);
      assertThat(client.decompress(server.message(json)))
          .as("seed %d, message %d", seed, i)
          .isEqualTo(json);
      total += json.length;
    }
    assertThat(total).isGreaterThan(1_000_000);
  }

  @Test
  void laterMessagesCompressBetterBecauseTheContextIsShared() {
    byte[] json = Fixtures.bytes("message_create");
    byte[] first = server.message(json);
    byte[] second = server.message(json);
    assertThat(second.length).isLessThan(first.length / 4);
    assertThat(client.decompress(first)).isEqualTo(json);
    assertThat(client.decompress(second)).isEqualTo(json);
  }

  @Test
  void largeMessagesGrowTheOutputAndAreDeliveredWhole() {
    byte[] big = new byte[700_000];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + random.nextInt(20));
    }
    assertThat(client.decompress(server.message(big))).isEqualTo(big);
    assertThat(client.decompress(server.message("{\"op\":11}")))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"op\":11}");
  }

  @Test
  void corruptInputIsATypedCompressionErrorAndTheContextIsUnusableAfter() {
    assertThat(client.decompress(server.message("{\"op\":11}"))).isNotNull();
    byte[] next = server.message(Fixtures.bytes("message_create"));
    for (int i = 0; i < next.length; i++) {
      next[i] ^= (byte) 0x5A;
    }
    assertThatThrownBy(() -> client.decompress(next))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
    assertThatThrownBy(() -> client.decompress(server.message("{}")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
  }

  @Test
  void somethingThatIsNotZstdIsATypedCompressionError() {
    byte[] json = "{\"op\":10}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> client.decompress(json))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
  }

  @Test
  void aZstdBombIsRefusedWithATypedErrorNotAnOutOfMemoryError() {
    try (TransportDecompressor small =
        TransportDecompressor.create(Compression.ZSTD_STREAM, 64 * 1024)) {
      byte[] bomb = server.message(new byte[50 * 1024 * 1024]); // 50 MiB of zeros
      assertThat(bomb.length).isLessThan(64 * 1024);
      assertThatThrownBy(() -> small.decompress(bomb))
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MESSAGE_TOO_LARGE));
    }
  }

  @Test
  void aMessageOfExactlyTheLimitIsAccepted() {
    byte[] json = new byte[4096];
    Arrays.fill(json, (byte) 'a');
    try (TransportDecompressor exact =
        TransportDecompressor.create(Compression.ZSTD_STREAM, 4096)) {
      assertThat(exact.decompress(server.message(json))).isEqualTo(json);
    }
  }

  @Test
  void aWindowLargerThanTheBoundIsATypedErrorBeforeAnyWindowIsAllocated() {
    try (Compressor wide = new Compressor(25);
        TransportDecompressor bounded =
            TransportDecompressor.create(Compression.ZSTD_STREAM, 1 << 20, 23)) {
      assertThatThrownBy(() -> bounded.decompress(wide.message("{\"op\":11}")))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.COMPRESSION);
                assertThat(e.getMessage()).contains("window").contains("2^23");
              });
    }
    try (Compressor wide = new Compressor(25);
        TransportDecompressor roomy =
            TransportDecompressor.create(Compression.ZSTD_STREAM, 1 << 20, 25)) {
      assertThat(roomy.decompress(wide.message("{\"op\":11}"))).isNotNull();
    }
  }

  @Test
  void windowBoundsOutsideZstdsRangeAreRefusedAtConfiguration() {
    assertThatThrownBy(() -> TransportDecompressor.create(Compression.ZSTD_STREAM, 1024, 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransportDecompressor.create(Compression.ZSTD_STREAM, 1024, 28))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransportDecompressor.create(Compression.ZSTD_STREAM, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ZstdWindow.configured()).isEqualTo(ZstdWindow.DEFAULT_LOG);
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseIsAnError() {
    client.close();
    client.close();
    assertThatThrownBy(() -> client.decompress(server.message("{}")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
  }

  @Test
  void everyContextIsCountedUntilClosedOnceWhetherItWorkedOrFailed() {
    int before = ZstdSupport.openContexts();
    TransportDecompressor worked = TransportDecompressor.create(Compression.ZSTD_STREAM, 1 << 20);
    TransportDecompressor failed = TransportDecompressor.create(Compression.ZSTD_STREAM, 1 << 20);
    assertThat(ZstdSupport.openContexts()).isEqualTo(before + 2);
    assertThat(new String(worked.decompress(server.message("{\"op\":11}")), StandardCharsets.UTF_8))
        .isEqualTo("{\"op\":11}");
    assertThatThrownBy(() -> failed.decompress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .isInstanceOf(GatewayException.class);
    assertThat(ZstdSupport.openContexts())
        .as("a failed decoder is freed by close()")
        .isEqualTo(before + 2);
    worked.close();
    failed.close();
    failed.close();
    assertThat(ZstdSupport.openContexts()).isEqualTo(before);
  }

  @Test
  void closeFromAnotherThreadWaitsForTheMessageBeingDecoded() throws Exception {
    List<byte[]> messages = new ArrayList<>();
    byte[] json = Fixtures.bytes("guild_create_with_extras");
    for (int i = 0; i < 2000; i++) {
      messages.add(server.message(json));
    }
    CompletableFuture<Integer> decoded =
        CompletableFuture.supplyAsync(
            () -> {
              int n = 0;
              for (byte[] m : messages) {
                try {
                  client.decompress(m);
                  n++;
                } catch (GatewayException e) {
                  assertThat(e.kind()).isEqualTo(Kind.COMPRESSION); // closed: refused, typed
                  break;
                }
              }
              return n;
            });
    client.close(); // never frees the context under a running decode (zstd-jni would throw)
    assertThat(decoded.get(30, TimeUnit.SECONDS)).isBetween(0, messages.size());
  }
}
