package dev.sluice.benchmarks.e2e;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Everything one benchmark connection receives, prepared before the clock starts: Hello, READY, the
 * starting GUILD_CREATEs, a warm-up phase ending in a marker MESSAGE_CREATE, then the measured
 * phase ending in another. Messages are held as plain JSON, as one zlib-stream (a single deflate
 * context, sync-flushed after every message, as Discord sends it) and as one zstd-stream (a single
 * zstd context at level 3, flushed after every message, its frame never ended), so the server
 * spends no CPU on encoding while a client is measured.
 *
 * <p>Heartbeat ACKs (op 11) are part of the script, one every {@link #ACK_EVERY} messages: a
 * compressed stream cannot have messages inserted later, and a steady flow of ACKs keeps every
 * client's zombie detection satisfied however its heartbeats fall.
 */
public final class Script {

  static final int ACK_EVERY = 1000;
  static final long HEARTBEAT_INTERVAL_MS = 41_250;
  static final String ACK = "{\"t\":null,\"s\":null,\"op\":11,\"d\":null}";

  private final List<byte[]> plain = new ArrayList<>();
  private final List<byte[]> zlib = new ArrayList<>();
  private final List<byte[]> zstd = new ArrayList<>();
  private final int measuredDispatches;
  private Counts warm;
  private final Counts total = new Counts();

  /** How many frames, dispatches and MESSAGE_CREATEs a client has seen at a point of the script. */
  public static final class Counts {
    public int frames;
    public int dispatches;
    public int messageCreates;

    Counts copy() {
      Counts c = new Counts();
      c.frames = frames;
      c.dispatches = dispatches;
      c.messageCreates = messageCreates;
      return c;
    }
  }

  private Script(int measuredDispatches) {
    this.measuredDispatches = measuredDispatches;
  }

  /**
   * A script whose measured phase holds exactly {@code measured} dispatches (a few of them
   * GUILD_CREATEs of joined guilds, the last one the end marker), after {@code warmup} warm-up
   * dispatches.
   */
  public static Script build(long seed, int warmup, int measured, String resumeUrl) {
    Corpus corpus = new Corpus(seed);
    Script script = new Script(measured);
    Builder b = script.new Builder();
    b.control(
        "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":"
            + HEARTBEAT_INTERVAL_MS
            + "}}");
    b.control(ACK);
    b.dispatch("READY", ready(resumeUrl));
    corpus.guildCreates().forEach(d -> b.dispatch(d.type(), d.body()));
    int warmJoins = warmup >= 10_000 ? 1 : 0;
    corpus.events(warmup - 1 - warmJoins, warmJoins, Corpus.GUILDS).forEach(b::dispatch);
    b.dispatch(corpus.marker(Corpus.WARMUP_MARK));
    script.warm = script.total.copy();
    int joins = measured >= 50_000 ? 4 : 0;
    corpus.events(measured - 1 - joins, joins, Corpus.GUILDS + warmJoins).forEach(b::dispatch);
    b.dispatch(corpus.marker(Corpus.END_MARK));
    b.finish();
    return script;
  }

  static String ready(String resumeUrl) {
    StringBuilder guilds = new StringBuilder("[");
    for (int g = 0; g < Corpus.GUILDS; g++) {
      guilds.append(g > 0 ? "," : "").append("{\"id\":\"").append(Corpus.guildId(g));
      guilds.append("\",\"unavailable\":true}");
    }
    return "{\"v\":10,\"user_settings\":{},\"user\":"
        + BenchServer.botUser()
        + ",\"session_type\":\"normal\",\"session_id\":\"0123456789abcdef0123456789abcdef\","
        + "\"resume_gateway_url\":\""
        + resumeUrl
        + "\",\"relationships\":[],\"private_channels\":[],\"presences\":[],\"guilds\":"
        + guilds.append(']')
        + ",\"guild_join_requests\":[],\"geo_ordered_rtc_regions\":[\"rotterdam\"],"
        + "\"shard\":[0,1],\"application\":{\"id\":\""
        + Corpus.BOT_ID
        + "\",\"flags\":565248}}";
  }

  /** Message {@code i} as plain JSON text. */
  public byte[] plain(int i) {
    return plain.get(i);
  }

  /** Message {@code i} as its slice of the zlib stream. */
  public byte[] zlib(int i) {
    return zlib.get(i);
  }

  /** Message {@code i} as its slice of the zstd stream. */
  public byte[] zstd(int i) {
    return zstd.get(i);
  }

  /** Message {@code i} as {@code wire} sends it. */
  public byte[] bytes(Wire wire, int i) {
    return switch (wire) {
      case PLAIN -> plain(i);
      case ZLIB -> zlib(i);
      case ZSTD -> zstd(i);
    };
  }

  public int size() {
    return plain.size();
  }

  /** Counts up to and including the warm-up marker. */
  public Counts atWarmupEnd() {
    return warm;
  }

  /** Counts up to and including the end marker. */
  public Counts atEnd() {
    return total;
  }

  public int measuredDispatches() {
    return measuredDispatches;
  }

  public long plainBytes() {
    return plain.stream().mapToLong(b -> b.length).sum();
  }

  public long zlibBytes() {
    return zlib.stream().mapToLong(b -> b.length).sum();
  }

  public long zstdBytes() {
    return zstd.stream().mapToLong(b -> b.length).sum();
  }

  /**
   * {@code bytes} as the next message of the zstd-stream {@code ctx} writes (flushed, not ended).
   */
  static byte[] zstdFlush(ZstdCompressCtx ctx, byte[] bytes) {
    ByteBuffer src = ByteBuffer.wrap(bytes);
    ByteBuffer dst = ByteBuffer.allocate(bytes.length / 2 + 64);
    while (!ctx.compressByteBufferStream(dst, src, EndDirective.FLUSH)) {
      dst = ByteBuffer.allocate(dst.capacity() * 2).put(dst.flip());
    }
    byte[] out = new byte[dst.position()];
    dst.flip().get(out);
    return out;
  }

  /** {@code bytes} as the next message of the zlib-stream {@code deflater} writes. */
  static byte[] syncFlush(Deflater deflater, byte[] bytes, byte[] chunk) {
    deflater.setInput(bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 16);
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    return out.toByteArray();
  }

  private final class Builder {
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final ZstdCompressCtx zstdContext = new ZstdCompressCtx().setLevel(3);
    private final byte[] chunk = new byte[64 * 1024];
    private long sequence;

    void dispatch(Corpus.Dispatch d) {
      dispatch(d.type(), d.body());
    }

    void dispatch(String type, String body) {
      sequence++;
      add("{\"t\":\"" + type + "\",\"s\":" + sequence + ",\"op\":0,\"d\":" + body + "}");
      total.dispatches++;
      if (type.equals("MESSAGE_CREATE")) {
        total.messageCreates++;
      }
    }

    void control(String json) {
      add(json);
    }

    private void add(String json) {
      if (plain.size() > 1 && plain.size() % ACK_EVERY == 0) {
        append(ACK);
      }
      append(json);
    }

    private void append(String json) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      plain.add(bytes);
      zlib.add(syncFlush(deflater, bytes, chunk));
      zstd.add(zstdFlush(zstdContext, bytes));
      total.frames++;
    }

    void finish() {
      deflater.end();
      zstdContext.close();
    }
  }
}
