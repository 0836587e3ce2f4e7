package dev.sluice.gateway.core.internal.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Fixtures;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZlibStreamDecompressorTest {

  /** One deflate context for a whole "connection", sync-flushed per message, as Discord does. */
  static final class Compressor {
    private final Deflater deflater = new Deflater();

    byte[] message(byte[] json) {
      deflater.setInput(json);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      do {
        n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.write(buf, 0, n);
      } while (n == buf.length);
      return out.toByteArray();
    }

    byte[] message(String json) {
      return message(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  final Compressor server = new Compressor();
  final TransportDecompressor client =
      TransportDecompressor.create(Compression.ZLIB_STREAM, 1 << 20);

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aWholeMessageInflates() {
    byte[] compressed = server.message(Fixtures.bytes("ready"));
    assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length))
        .containsExactly(0, 0, 0xFF, 0xFF);
    assertThat(client.decompress(compressed)).isEqualTo(Fixtures.bytes("ready"));
  }

  @Test
  void theFlushSuffixIsFoundWhateverTheBufferByteOrderAndPosition() {
    byte[] json = Fixtures.bytes("hello");
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      byte[] compressed = server.message(json); // the next message of the same stream
      ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length + 6).order(order);
      direct.position(3);
      direct.put(compressed).flip().position(3);
      assertThat(client.decompress(direct)).as(order.toString()).isEqualTo(json);
    }
  }

  @Test
  void aMessageSplitOverSeveralFramesIsAssembled() {
    byte[] json = Fixtures.bytes("guild_create_with_extras");
    byte[] compressed = server.message(json);
    int third = compressed.length / 3;
    assertThat(client.decompress(Arrays.copyOfRange(compressed, 0, third))).isNull();
    assertThat(client.decompress(Arrays.copyOfRange(compressed, third, 2 * third))).isNull();
    assertThat(client.decompress(Arrays.copyOfRange(compressed, 2 * third, compressed.length)))
        .isEqualTo(json);
  }

  @Test
  void aSplitInsideTheFlushSuffixStillWaitsForTheWholeSuffix() {
    byte[] json = Fixtures.bytes("hello");
    byte[] compressed = server.message(json);
    int cut = compressed.length - 2; // the first frame ends with "00 00", not the full suffix
    assertThat(client.decompress(Arrays.copyOfRange(compressed, 0, cut))).isNull();
    assertThat(client.decompress(Arrays.copyOfRange(compressed, cut, compressed.length)))
        .isEqualTo(json);
  }

  @Test
  void thousandsOfMessagesShareOneContext() {
    Random random = new Random(7);
    String[] names = Fixtures.names().toArray(String[]::new);
    long total = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] json = Fixtures.bytes(names[random.nextInt(names.length)]);
      byte[] compressed = server.message(json);
      byte[] out;
      if (i % 7 == 0 && compressed.length > 8) {
        int cut = 1 + random.nextInt(compressed.length - 1);
        assertThat(client.decompress(Arrays.copyOfRange(compressed, 0, cut))).isNull();
        out = client.decompress(Arrays.copyOfRange(compressed, cut, compressed.length));
      } else {
        out = client.decompress(compressed);
      }
      assertThat(out).isEqualTo(json);
      total += out.length;
    }
    assertThat(total).isGreaterThan(1_000_000);
  }

  @Test
  void laterMessagesCompressBetterBecauseTheContextIsShared() {
    byte[] json = Fixtures.bytes("message_create");
    byte[] first = server.message(json);
    byte[] second = server.message(json);
    assertThat(second.length).isLessThan(first.length / 2);
    assertThat(client.decompress(first)).isEqualTo(json);
    assertThat(client.decompress(second)).isEqualTo(json);
  }

  @Test
  void corruptInputIsATypedCompressionErrorAndTheContextIsUnusableAfter() {
    byte[] corrupt = {0x78, (byte) 0x9c, 0x12, 0x34, 0x56, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    corrupt[2] = (byte) 0xFF; // an invalid block type
    assertThatThrownBy(() -> client.decompress(corrupt))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
    assertThatThrownBy(() -> client.decompress(server.message("{}")))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMPRESSION));
  }

  @Test
  void aZlibBombIsRefusedWithATypedErrorNotAnOutOfMemoryError() {
    try (TransportDecompressor small =
        TransportDecompressor.create(Compression.ZLIB_STREAM, 64 * 1024)) {
      byte[] bomb =
          server.message(new byte[10 * 1024 * 1024]); // 10 MiB of zeros, ~10 KiB compressed
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
        TransportDecompressor.create(Compression.ZLIB_STREAM, 4096)) {
      assertThat(exact.decompress(server.message(json))).isEqualTo(json);
    }
  }

  @Test
  void unterminatedInputPilingUpBeyondTheLimitIsRefused() {
    try (TransportDecompressor small =
        TransportDecompressor.create(Compression.ZLIB_STREAM, 1024)) {
      byte[] chunk = new byte[600];
      new Random(1).nextBytes(chunk);
      chunk[chunk.length - 1] = 1;
      assertThat(small.decompress(chunk)).isNull();
      assertThatThrownBy(() -> small.decompress(chunk))
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MESSAGE_TOO_LARGE));
    }
  }

  @Test
  void noCompressionPassesMessagesThroughButStillBoundsThem() {
    try (TransportDecompressor none = TransportDecompressor.create(Compression.NONE, 10)) {
      assertThat(none.decompress("{\"op\":11}".getBytes(StandardCharsets.UTF_8)))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("{\"op\":11}");
      assertThatThrownBy(() -> none.decompress(new byte[11]))
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MESSAGE_TOO_LARGE));
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseIsAnError() {
    client.close();
    client.close();
    assertThatThrownBy(() -> client.decompress(server.message("{}")))
        .isInstanceOf(GatewayException.class);
  }

  @Test
  void badLimitIsRefusedAtConfiguration() {
    assertThatThrownBy(() -> TransportDecompressor.create(Compression.ZLIB_STREAM, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Compression.ZLIB_STREAM.queryValue()).isEqualTo("zlib-stream");
    assertThat(Compression.NONE.queryValue()).isNull();
  }
}
