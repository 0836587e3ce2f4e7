package dev.sluice.gateway.reactor;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * WebSockets over Reactor Netty. {@code wss://} URLs use Reactor Netty's default TLS, which
 * verifies the server's certificate chain and host name. Frames (by Netty's decoder) and joined
 * fragmented messages (by {@link FragmentAssembler}) are bounded; received frames are read by
 * {@link FrameReceiver}.
 */
final class NettyTransport implements Transport {

  private final HttpClient http;
  private final WebsocketClientSpec spec;
  private final int maxMessageBytes;

  NettyTransport(HttpClient http, int maxFrameBytes, int maxMessageBytes) {
    this.http = http;
    this.spec = WebsocketClientSpec.builder().maxFramePayloadLength(maxFrameBytes).build();
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public Mono<Transport.Connection> connect(String url) {
    return Mono.create(
        sink -> {
          var handler =
              http.websocket(spec)
                  .uri(url)
                  .handle(
                      (in, out) -> {
                        NettyConnection connection = new NettyConnection(in, out, maxMessageBytes);
                        sink.success(connection);
                        return connection.lifetime();
                      })
                  .subscribe(null, sink::error);
          sink.onCancel(handler);
        });
  }

  /** One Reactor Netty WebSocket; lives until {@link #lifetime()} completes. */
  private static final class NettyConnection implements Transport.Connection {
    private final WebsocketInbound in;
    private final WebsocketOutbound out;
    private final int maxMessageBytes;
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final Channel channel;
    private final Mono<Integer> closeCode;
    private final Executor inputs;

    NettyConnection(WebsocketInbound in, WebsocketOutbound out, int maxMessageBytes) {
      this.in = in;
      this.out = out;
      this.maxMessageBytes = maxMessageBytes;
      Channel[] of = new Channel[1];
      out.withConnection(c -> of[0] = c.channel());
      this.channel = of[0];
      this.closeCode =
          in.receiveCloseStatus().map(status -> status.code()).defaultIfEmpty(-1).cache();
      EventLoop loop = channel.eventLoop();
      this.inputs =
          command -> {
            if (loop.inEventLoop()) {
              command.run();
            } else {
              loop.execute(command);
            }
          };
    }

    Mono<Void> lifetime() {
      return done.asMono();
    }

    @Override
    public <T> Flux<T> receive(Function<ByteBuffer, T> reader) {
      // Frames as they come, read on the event loop where Netty's decoder hands them on; a
      // frame's buffer is released after the reader returns: the reader consumes it now.
      return new FrameReceiver<>(in, channel, inputs, maxMessageBytes, reader);
    }

    /**
     * Writes through the event loop's task queue, also when called on the event loop: Netty writes
     * at once from its own thread but queues a write from any other, so a heartbeat sent from a
     * timer thread could otherwise reach the socket after a later one sent from the loop. Tasks run
     * in the order they were queued, so frames go out in the order {@code send} was subscribed
     * ({@link OutboundQueue} subscribes in queue order).
     */
    @Override
    public Mono<Void> send(byte[] text) {
      return Mono.create(
          sink -> {
            Runnable write =
                () ->
                    channel
                        .writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(text)))
                        .addListener(
                            f -> {
                              if (f.isSuccess()) {
                                sink.success();
                              } else {
                                sink.error(f.cause());
                              }
                            });
            try {
              channel.eventLoop().execute(write);
            } catch (RejectedExecutionException e) {
              sink.error(e); // the event loop is shutting down
            }
          });
    }

    @Override
    public Mono<Void> close(int code, String reason) {
      return out.sendClose(code, reason);
    }

    @Override
    public Mono<Integer> closeCode() {
      return closeCode;
    }

    @Override
    public Executor inputs() {
      return inputs;
    }

    @Override
    public void dispose() {
      // Completing the handler's publisher lets Reactor Netty release and close the connection.
      done.tryEmitEmpty();
      in.withConnection(c -> c.dispose());
    }
  }
}
