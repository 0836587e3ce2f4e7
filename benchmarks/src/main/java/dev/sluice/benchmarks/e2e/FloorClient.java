package dev.sluice.benchmarks.e2e;

import com.github.luben.zstd.ZstdDecompressCtx;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floors: a bare Reactor Netty WebSocket client doing the least any gateway client must. It
 * identifies once and then only counts frames, or also inflates them (one {@link Inflater} per
 * connection into a reused buffer), or also parses each message with Jackson's {@code readTree}.
 * The inflate loop is the usual one (call until zlib returns nothing); {@code INFLATE_ONE_CALL} is
 * the stricter floor that stops after one call when all input was taken, shown for reference;
 * {@code INFLATE_COPY} also copies each message into an array of its own. Over zstd-stream,
 * "inflate" is the bare zstd floor: one zstd-jni context per connection, each message decoded into
 * the reused buffer until its input is consumed with room left.
 */
final class FloorClient implements ClientMain.Client {

  enum Work {
    FRAMES,
    INFLATE,
    /** Inflate, stopping as soon as all input is taken with room left (as Sluice does). */
    INFLATE_ONE_CALL,
    /**
     * Inflate (or zstd decode), then copy each message into an array of its own that outlives the
     * call, as a client that hands messages on must: the floor's cost of delivering them.
     */
    INFLATE_COPY,
    TREE
  }

  private static final int MAX = 64 * 1024 * 1024;
  private static final String IDENTIFY =
      "{\"op\":2,\"d\":{\"token\":\""
          + BenchServer.TOKEN
          + "\",\"intents\":0,\"properties\":{\"os\":\"linux\",\"browser\":\"floor\","
          + "\"device\":\"floor\"}}}";

  private final Work work;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final Inflater inflater = new Inflater();
  private ZstdDecompressCtx zstd;
  private byte[] buffer = new byte[256 * 1024];
  private boolean identified;
  private long sink;
  private byte[] delivered; // the last copied message: a field, so the copy is not optimized away

  FloorClient(Work work) {
    this.work = work;
  }

  @Override
  public ClientMain.Unit unit() {
    return ClientMain.Unit.FRAMES;
  }

  @Override
  public void start(String gatewayUrl, String apiUrl, Wire wire, Probe probe) {
    if (wire == Wire.ZSTD) {
      zstd = new ZstdDecompressCtx();
    }
    HttpClient.create()
        .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX).build())
        .uri(gatewayUrl + wire.query())
        .handle(
            (in, out) ->
                in.aggregateFrames(MAX)
                    .receiveFrames()
                    .doOnNext(
                        frame -> {
                          if (!identified) {
                            identified = true;
                            out.sendString(Mono.just(IDENTIFY)).then().subscribe();
                          }
                          consume(frame, wire);
                          probe.tick();
                        }))
        .subscribe();
  }

  private void consume(WebSocketFrame frame, Wire wire) {
    if (work == Work.FRAMES) {
      return;
    }
    ByteBuf content = frame.content();
    int length;
    if (wire == Wire.ZLIB) {
      length = inflate(content);
    } else if (wire == Wire.ZSTD) {
      length = unzstd(content);
    } else {
      length = content.readableBytes();
      if (length > buffer.length) {
        buffer = new byte[length];
      }
      content.getBytes(content.readerIndex(), buffer, 0, length);
    }
    if (work == Work.TREE) {
      sink += mapper.readTree(buffer, 0, length).size();
    } else if (work == Work.INFLATE_COPY) {
      delivered = Arrays.copyOf(buffer, length);
      sink += delivered.length;
    } else {
      sink += length;
    }
  }

  private int unzstd(ByteBuf content) {
    ByteBuffer src = content.nioBuffer();
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      ByteBuffer dst = ByteBuffer.wrap(buffer, length, buffer.length - length);
      zstd.decompressByteBufferStream(dst, src);
      length = dst.position();
      if (!src.hasRemaining() && dst.hasRemaining()) {
        return length;
      }
    }
  }

  private int inflate(ByteBuf content) {
    inflater.setInput(content.nioBuffer());
    int length = 0;
    try {
      while (true) {
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = inflater.inflate(buffer, length, buffer.length - length);
        length += n;
        if (n == 0 && (inflater.needsInput() || length < buffer.length)) {
          return length;
        }
        if (work == Work.INFLATE_ONE_CALL && length < buffer.length && inflater.needsInput()) {
          return length;
        }
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException(ByteBufUtil.hexDump(content, 0, 16), e);
    }
  }
}
