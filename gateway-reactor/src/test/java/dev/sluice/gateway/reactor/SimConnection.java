package dev.sluice.gateway.reactor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.zip.Deflater;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One WebSocket of the {@link SimDiscord}: what the server pushes (deflated with a sync flush per
 * message when the client asked for zlib-stream, optionally each message split over two WebSocket
 * messages) and what the client sends, which the server answers. Confined to the virtual-time
 * thread, like everything of the simulation.
 */
final class SimConnection implements Transport.Connection {

  enum Handshake {
    NONE,
    IDENTIFIED,
    RESUMED
  }

  final SimDiscord server;
  final int id;
  final String url;
  final long openedNanos;
  private final Sinks.Many<ByteBuffer> inbound = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.One<Integer> closeCode = Sinks.one();
  private final Deflater deflater;
  private final boolean split;
  boolean open = true;
  private boolean terminated;
  boolean helloSent;
  Handshake handshake = Handshake.NONE;
  SimSession session;

  /** The shard, once its Identify or Resume named it (0 until then). */
  int shard;

  /** READY or RESUMED was sent: user commands are allowed. */
  boolean live;

  /**
   * The latest sequence the client has received on this connection as far as the server knows: null
   * while unknown (before Identify or Resume), -1 for none.
   */
  Long clientSeq;

  SimConnection(SimDiscord server, int id, String url, boolean compress, boolean split) {
    this.server = server;
    this.id = id;
    this.url = url;
    this.openedNanos = server.nanos();
    this.deflater = compress ? new Deflater() : null;
    this.split = split;
  }

  /** Pushes a payload without a sequence (Hello, ACK, op 7, op 9, ...). */
  void push(String json) {
    pushBytes(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Pushes a dispatch of sequence {@code s}; the client's latest sequence moves up to it. */
  void pushDispatch(String json, long s) {
    if (!open) {
      return;
    }
    clientSeq = clientSeq == null ? s : Math.max(clientSeq, s);
    push(json);
  }

  /** Pushes bytes that are not a payload (malformed JSON, or garbage instead of zlib). */
  void pushCorrupt(boolean badCompression) {
    if (badCompression && deflater != null) {
      emit(new byte[] {0x13, 0x37, 0x42, 0x00, 0x00, (byte) 0xff, (byte) 0xff});
    } else {
      pushBytes("{\"op\":0,\"s\":".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void pushBytes(byte[] bytes) {
    if (!open) {
      return;
    }
    emit(deflater == null ? bytes : deflate(bytes));
  }

  private void emit(byte[] message) {
    if (split && deflater != null && message.length > 8) {
      int half = message.length / 2;
      inbound.tryEmitNext(ByteBuffer.wrap(message, 0, half).slice());
      inbound.tryEmitNext(ByteBuffer.wrap(message, half, message.length - half).slice());
    } else {
      inbound.tryEmitNext(ByteBuffer.wrap(message));
    }
  }

  private byte[] deflate(byte[] bytes) {
    deflater.setInput(bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 16);
    byte[] buffer = new byte[1024];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }

  /** The server ends the connection with a close frame ({@code code} ≥ 0) or drops it (-1). */
  void end(int code) {
    if (open) {
      open = false;
      terminate(code);
    }
  }

  private void terminate(int code) {
    if (terminated) {
      return;
    }
    terminated = true;
    open = false;
    live = false;
    if (deflater != null) {
      deflater.end();
    }
    closeCode.tryEmitValue(code);
    inbound.tryEmitComplete();
    server.ended(this);
  }

  @Override
  public <T> Flux<T> receive(Function<ByteBuffer, T> reader) {
    return inbound
        .asFlux()
        .handle(
            (buffer, sink) -> {
              T value = reader.apply(buffer);
              if (value != null) {
                sink.next(value);
              }
            });
  }

  @Override
  public Mono<Void> send(byte[] text) {
    return Mono.fromRunnable(
        () -> {
          if (open) {
            server.received(this, new String(text, StandardCharsets.UTF_8));
          }
        });
  }

  @Override
  public Mono<Void> close(int code, String reason) {
    return Mono.defer(
        () -> {
          if (!open) {
            return Mono.empty();
          }
          // The client has ended the connection: nothing the server sends now is read.
          open = false;
          live = false;
          server.clientClosed(this, code);
          long delay = server.faults.closeDelayMillis; // a slow socket writes the frame late
          Mono<Long> written =
              delay > 0 ? Mono.delay(Duration.ofMillis(delay), server.clock) : Mono.just(0L);
          // The server echoes the close frame once it has it.
          return written.doOnNext(t -> server.later(0, () -> terminate(code))).then();
        });
  }

  @Override
  public Mono<Integer> closeCode() {
    return closeCode.asMono().defaultIfEmpty(-1);
  }

  @Override
  public void dispose() {
    terminate(-1);
  }
}
