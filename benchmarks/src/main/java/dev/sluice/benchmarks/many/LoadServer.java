package dev.sluice.benchmarks.many;

import dev.sluice.benchmarks.e2e.Corpus;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The load server of {@link ManyShards}, run in its own process: a gateway recommending {@code
 * shards} shards with {@code max_concurrency} buckets, answering Identify with READY, Resume with
 * RESUMED and every heartbeat with an ACK at once, and streaming {@code rate} MESSAGE_CREATE
 * dispatches a second spread round-robin over every READY session (plain JSON: a zlib context per
 * connection would spend the shared cores on deflate). It also judges the identify buckets: two
 * Identifies of one bucket inside {@code intervalMs} are counted as violations. {@code GET /stats}
 * answers its counters.
 *
 * <p>{@code LoadServer <shards> <rate> <intervalMs> <maxConcurrency> <heartbeatMs>}; prints {@code
 * LISTENING <port>} when bound.
 */
public final class LoadServer implements AutoCloseable {

  private static final Pattern SHARD = Pattern.compile("\"shard\":\\[(\\d+),(\\d+)]");
  private static final int TICKS_PER_SECOND = 100;
  private static final String BOT_ID = "1002003004005006007";

  private final int shards;
  private final int rate;
  private final long intervalNanos;
  private final int maxConcurrency;
  private final long heartbeatMs;
  private final long[] lastIdentify;
  private final List<Session> live = new CopyOnWriteArrayList<>();
  private final byte[] body = Corpus.sampleMessageCreate();
  private final AtomicInteger sessions = new AtomicInteger();
  private final AtomicLong identifies = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();
  private long minGapNanos = Long.MAX_VALUE;
  private final AtomicLong resumes = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final Scheduler ticks = Schedulers.newSingle("load-ticks");
  private final DisposableServer server;
  private Disposable traffic;
  private int cursor;

  LoadServer(int shards, int rate, long intervalMs, int maxConcurrency, long heartbeatMs) {
    this.shards = shards;
    this.rate = rate;
    this.intervalNanos = Duration.ofMillis(intervalMs).toNanos();
    this.maxConcurrency = maxConcurrency;
    this.heartbeatMs = heartbeatMs;
    this.lastIdentify = new long[maxConcurrency];
    java.util.Arrays.fill(lastIdentify, Long.MIN_VALUE);
    this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
  }

  public static void main(String[] args) throws InterruptedException {
    LoadServer server =
        new LoadServer(
            Integer.parseInt(args[0]),
            Integer.parseInt(args[1]),
            Long.parseLong(args[2]),
            Integer.parseInt(args[3]),
            Long.parseLong(args[4]));
    server.start();
    System.out.println("LISTENING " + server.server.port());
    System.out.flush();
    server.server.onDispose().block();
  }

  void start() {
    int perTick = Math.max(1, rate / TICKS_PER_SECOND);
    traffic =
        Flux.interval(Duration.ofMillis(1000 / TICKS_PER_SECOND), ticks)
            .subscribe(tick -> tick(perTick));
  }

  /** One tick of traffic: the next {@code count} READY sessions each get one dispatch. */
  private void tick(int count) {
    int size = live.size();
    if (size == 0) {
      return;
    }
    for (int k = 0; k < count; k++) {
      cursor = (cursor + 1) % size;
      live.get(cursor).dispatch(body);
      sent.incrementAndGet();
    }
  }

  private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    String path = req.fullPath();
    if (path.startsWith("/ws")) {
      return res.sendWebsocket(this::session);
    }
    String json =
        switch (path) {
          case "/api/v10/gateway/bot" ->
              "{\"url\":\"ws://127.0.0.1:"
                  + server.port()
                  + "/ws\",\"shards\":"
                  + shards
                  + ",\"session_start_limit\":{\"total\":100000,\"remaining\":100000,"
                  + "\"reset_after\":86400000,\"max_concurrency\":"
                  + maxConcurrency
                  + "}}";
          case "/stats" ->
              String.format(
                  "{\"identifies\":%d,\"violations\":%d,\"resumes\":%d,\"acks\":%d,\"sent\":%d,"
                      + "\"sessions\":%d,\"minBucketGapMs\":%d}",
                  identifies.get(),
                  violations.get(),
                  resumes.get(),
                  acks.get(),
                  sent.get(),
                  sessions.get(),
                  minGapMillis());
          default -> "{\"message\":\"404: Not Found\",\"code\":0}";
        };
    return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just(json));
  }

  private Publisher<Void> session(WebsocketInbound in, WebsocketOutbound out) {
    Session session = new Session();
    session.send(
        "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":" + heartbeatMs + "}}");
    Mono<Void> inbound =
        in.aggregateFrames(1 << 20)
            .receive()
            .asString()
            .doOnNext(text -> onText(session, text.replace(" ", "")))
            .then();
    return Mono.when(out.sendObject(session.frames.asFlux()).then(), inbound)
        .doFinally(signal -> live.remove(session));
  }

  private void onText(Session session, String text) {
    if (text.contains("\"op\":1,") || text.endsWith("\"op\":1}")) {
      acks.incrementAndGet();
      session.send("{\"t\":null,\"s\":null,\"op\":11,\"d\":null}");
    } else if (text.contains("\"op\":2,") || text.endsWith("\"op\":2}")) {
      identify(session, text);
    } else if (text.contains("\"op\":6,") || text.endsWith("\"op\":6}")) {
      resumes.incrementAndGet();
      session.ready("{\"t\":\"RESUMED\",\"s\":%d,\"op\":0,\"d\":{}}");
      live.add(session);
    }
  }

  private void identify(Session session, String text) {
    identifies.incrementAndGet();
    Matcher shard = SHARD.matcher(text);
    int id = shard.find() ? Integer.parseInt(shard.group(1)) : 0;
    long now = System.nanoTime();
    if (Boolean.getBoolean("load.trace")) {
      System.err.printf("identify shard %d at %d ms%n", id, now / 1_000_000);
    }
    synchronized (lastIdentify) {
      int bucket = id % maxConcurrency;
      if (lastIdentify[bucket] != Long.MIN_VALUE) {
        minGapNanos = Math.min(minGapNanos, now - lastIdentify[bucket]);
        if (now - lastIdentify[bucket] < intervalNanos) {
          violations.incrementAndGet();
        }
      }
      lastIdentify[bucket] = now;
    }
    int n = sessions.incrementAndGet();
    session.ready(
        "{\"t\":\"READY\",\"s\":%d,\"op\":0,\"d\":{\"v\":10,\"user\":{\"id\":\""
            + BOT_ID
            + "\",\"username\":\"load\",\"bot\":true},\"session_id\":\"load"
            + n
            + "\",\"resume_gateway_url\":\"ws://127.0.0.1:"
            + server.port()
            + "/ws\",\"guilds\":[],\"shard\":["
            + id
            + ","
            + shards
            + "],\"application\":{\"id\":\""
            + BOT_ID
            + "\",\"flags\":0}}}");
    live.add(session);
  }

  private long minGapMillis() {
    synchronized (lastIdentify) {
      return minGapNanos == Long.MAX_VALUE ? -1 : minGapNanos / 1_000_000;
    }
  }

  @Override
  public void close() {
    if (traffic != null) {
      traffic.dispose();
    }
    ticks.dispose();
    server.disposeNow();
  }

  /** One connection: its outbound frames, in order, from the event loop and the tick thread. */
  private static final class Session {
    private final Sinks.Many<WebSocketFrame> frames = Sinks.many().unicast().onBackpressureBuffer();
    private long sequence;

    synchronized void send(String json) {
      frames.tryEmitNext(new TextWebSocketFrame(json));
    }

    synchronized void ready(String format) {
      send(String.format(format, ++sequence));
    }

    synchronized void dispatch(byte[] body) {
      byte[] head =
          ("{\"t\":\"MESSAGE_CREATE\",\"s\":" + ++sequence + ",\"op\":0,\"d\":")
              .getBytes(StandardCharsets.US_ASCII);
      frames.tryEmitNext(
          new TextWebSocketFrame(Unpooled.wrappedBuffer(head, body, new byte[] {'}'})));
    }
  }
}
