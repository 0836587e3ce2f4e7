package dev.sluice.gateway.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * An in-memory WebSocket pair for driving the client in virtual time: the test plays the server
 * (plain JSON, no compression) and reads what the client sent.
 */
final class MemoryTransport implements Transport {

  final List<String> urls = new CopyOnWriteArrayList<>();
  final List<Conn> connections = new CopyOnWriteArrayList<>();
  volatile boolean refuse;

  @Override
  public Mono<Transport.Connection> connect(String url) {
    return Mono.defer(
        () -> {
          urls.add(url);
          if (refuse) {
            return Mono.error(new java.net.ConnectException("refused by test"));
          }
          Conn conn = new Conn();
          connections.add(conn);
          return Mono.just(conn);
        });
  }

  Conn last() {
    return connections.get(connections.size() - 1);
  }

  static final class Conn implements Transport.Connection {
    private final Sinks.Many<ByteBuffer> inbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<Integer> closeCode = Sinks.one();
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile int clientClose = 0;

    /** The server sends a payload. */
    synchronized void push(String json) {
      inbound.tryEmitNext(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The server closes with a code (-1: the TCP connection drops). */
    synchronized void serverClose(int code) {
      closeCode.tryEmitValue(code);
      inbound.tryEmitComplete();
    }

    List<String> sentWithOp(int op) {
      return sent.stream().filter(s -> s.startsWith("{\"op\":" + op + ",")).toList();
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
      return Mono.fromRunnable(() -> sent.add(new String(text, StandardCharsets.UTF_8)));
    }

    @Override
    public Mono<Void> close(int code, String reason) {
      return Mono.fromRunnable(
          () -> {
            clientClose = code;
            serverClose(code);
          });
    }

    @Override
    public Mono<Integer> closeCode() {
      return closeCode.asMono().defaultIfEmpty(-1);
    }

    @Override
    public void dispose() {
      serverClose(-1);
    }
  }
}
