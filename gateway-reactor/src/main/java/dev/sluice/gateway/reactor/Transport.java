package dev.sluice.gateway.reactor;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Opens WebSocket connections. The production implementation is {@link NettyTransport}; tests may
 * plug in an in-memory one to drive the client in virtual time.
 */
interface Transport {

  /** Opens a connection; completes once the WebSocket handshake is done. */
  Mono<Connection> connect(String url);

  /** One open WebSocket. */
  interface Connection {

    /**
     * The received WebSocket messages (continuation frames aggregated), each read by {@code reader}
     * while its buffer is valid (null results are skipped). Completes when the connection closes.
     */
    <T> Flux<T> receive(Function<ByteBuffer, T> reader);

    /** Sends one text frame; completes when written. */
    Mono<Void> send(byte[] text);

    /** Sends a close frame with this code. */
    Mono<Void> close(int code, String reason);

    /** The close code the peer sent, or -1 when the connection ended without one. */
    Mono<Integer> closeCode();

    /** Tears the connection down at once (idempotent). */
    void dispose();

    /**
     * Where this connection's messages are read (its event loop). Inputs that come from elsewhere
     * (timer ticks, timeouts, a close request) are handed to it, so that one thread feeds the
     * connection's input stream: otherwise a timer thread that wins the race into the stream drains
     * it, and goes on reading the connection's messages for as long as they keep coming. Runs on
     * the caller's thread by default (in-memory transports, virtual time).
     */
    default Executor inputs() {
      return Runnable::run;
    }
  }
}
