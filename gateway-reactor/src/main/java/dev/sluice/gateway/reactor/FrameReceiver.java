package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.util.context.Context;

/**
 * The messages of one WebSocket, read where Netty's frame decoder hands the frames on: a handler
 * placed right after Netty's frame decoder takes every data frame (text, binary, continuation),
 * joins fragments ({@link FragmentAssembler}), reads the message and releases the frame, on the
 * event loop, without the bridge's per-frame stages (its operations' type checks, the receive
 * queue's bookkeeping, one more operator). Control frames (close, ping, pong) pass on to Reactor
 * Netty, which answers them; the end of the connection still comes from {@code receiveObject()}.
 *
 * <p>Order: {@code receiveObject()} is subscribed first and requested without bound, which drains
 * the frames Reactor Netty queued before this subscriber came; only then, on the event loop, is the
 * handler placed, so every later frame goes to it. Frames either way are read by the same code.
 *
 * <p>Requires a subscriber with unbounded demand (the connection's input merge has it); a message
 * with no demand for it fails the stream with an overflow. Used by {@link NettyTransport}.
 */
final class FrameReceiver<T> extends Flux<T> {

  private static final String HANDLER = "sluice.frames";

  private final WebsocketInbound in;
  private final Channel channel;
  private final Executor loop;
  private final int maxMessageBytes;
  private final Function<ByteBuffer, T> reader;

  /**
   * The messages of {@code in}, whose handler goes into {@code channel}'s pipeline on {@code loop}
   * (the connection's {@link Transport.Connection#inputs()}: its event loop).
   */
  FrameReceiver(
      WebsocketInbound in,
      Channel channel,
      Executor loop,
      int maxMessageBytes,
      Function<ByteBuffer, T> reader) {
    this.in = in;
    this.channel = channel;
    this.loop = loop;
    this.maxMessageBytes = maxMessageBytes;
    this.reader = reader;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    Receiver<T> receiver =
        new Receiver<>(actual, new FragmentAssembler(maxMessageBytes), reader, channel, loop);
    actual.onSubscribe(receiver);
    in.receiveObject().subscribe(receiver);
  }

  /** One subscription: the bridge's subscriber, the pipeline handler and the downstream's. */
  private static final class Receiver<T> extends ChannelInboundHandlerAdapter
      implements CoreSubscriber<Object>, Subscription {

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<Receiver> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Receiver.class, "requested");

    private final CoreSubscriber<? super T> actual;
    private final FragmentAssembler assembler;
    private final Function<ByteBuffer, T> reader;
    private final Channel channel;
    private final Executor loop;
    private volatile long requested;
    private volatile Subscription upstream;
    // Set on the event loop, read there (frames) and, for a late frame, nowhere else.
    private volatile boolean done;

    Receiver(
        CoreSubscriber<? super T> actual,
        FragmentAssembler assembler,
        Function<ByteBuffer, T> reader,
        Channel channel,
        Executor loop) {
      this.actual = actual;
      this.assembler = assembler;
      this.reader = reader;
      this.channel = channel;
      this.loop = loop;
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (!Operators.validate(upstream, s)) {
        return;
      }
      upstream = s;
      if (done) {
        s.cancel();
        return;
      }
      s.request(Long.MAX_VALUE);
      loop.execute(this::addHandler); // off the loop: after the drain the request scheduled
    }

    private void addHandler() {
      ChannelPipeline pipeline = channel.pipeline();
      ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
      // Right after the frame decoder (Reactor Netty's own "first" handlers go before it). Without
      // one (a closed channel), frames keep coming through Reactor Netty, read the same way.
      if (!done && decoder != null && pipeline.get(HANDLER) == null) {
        pipeline.addAfter(decoder.name(), HANDLER, this);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (done || !isData(msg)) {
        ctx.fireChannelRead(msg); // Reactor Netty answers control frames, drops late ones
        return;
      }
      try {
        frame((WebSocketFrame) msg);
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private static boolean isData(Object msg) {
      return msg instanceof TextWebSocketFrame
          || msg instanceof BinaryWebSocketFrame
          || msg instanceof ContinuationWebSocketFrame;
    }

    /** Frames Reactor Netty delivers (those before the handler, and control frames). */
    @Override
    public void onNext(Object message) {
      if (!done && message instanceof WebSocketFrame frame) {
        frame(frame); // Reactor Netty releases it after this returns
      }
    }

    private void frame(WebSocketFrame frame) {
      T value;
      try {
        ByteBuffer whole = assembler.accept(frame);
        if (whole == null) {
          return;
        }
        value = reader.apply(whole);
        assembler.release();
      } catch (GatewayException e) {
        fail(e); // a typed error of the transport: the message is rejected
        return;
      } catch (Throwable e) {
        fail(Operators.onOperatorError(upstream, e, actual.currentContext()));
        return;
      }
      if (value != null) {
        emit(value);
      }
    }

    private void emit(T value) {
      for (long r = requested; r != Long.MAX_VALUE; r = requested) {
        if (r == 0) {
          fail(Exceptions.failWithOverflow("no demand for a received message"));
          return;
        }
        if (REQUESTED.compareAndSet(this, r, r - 1)) {
          break;
        }
      }
      actual.onNext(value);
    }

    private void fail(Throwable e) {
      if (done) {
        Operators.onErrorDropped(e, actual.currentContext());
        return;
      }
      done = true;
      Subscription s = upstream;
      if (s != null) {
        s.cancel();
      }
      actual.onError(e);
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        Operators.onErrorDropped(t, actual.currentContext());
        return;
      }
      done = true;
      actual.onError(t);
    }

    @Override
    public void onComplete() {
      if (!done) {
        done = true;
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
      }
    }

    @Override
    public void cancel() {
      done = true;
      Subscription s = upstream;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }
  }
}
