package dev.sluice.gateway.reactor;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A subscriber's own bounded event buffer with an {@link OverflowPolicy}: what {@code
 * onBackpressureBuffer(capacity[, onDrop, strategy])} does, with a fast path. While nothing is
 * buffered and the subscriber has demand, an event is handed straight through on the emitting
 * thread, with no queue operation and no lock; the buffer (an {@code ArrayDeque} under this
 * subscriber's lock) is only used while the subscriber is behind. Used by {@link GatewayClient} for
 * every event stream it gives out; events arrive serialized from one connection at a time.
 *
 * <p>A hot source (a sink, as every stream {@link EventStreams} gives out) is attached before the
 * subscriber hears of its subscription: Reactor's sinks call {@code onSubscribe} first and add the
 * subscriber afterwards, so an event emitted as a consequence of {@code onSubscribe} (a {@code
 * doOnSubscribe} that connects the client, whose READY can arrive over loopback before that call
 * returns) would otherwise be missed. What the source emits before the subscriber has requested is
 * buffered.
 *
 * <p>Overflow: {@code ERROR} cancels the source, discards what is buffered and fails the subscriber
 * with {@link Exceptions#failWithOverflow}; {@code DROP_OLDEST} and {@code DROP_LATEST} drop one
 * event, give it to {@code onDrop} and go on.
 */
final class EventBuffer<T> extends Flux<T> {

  private final Flux<? extends T> source;
  private final int capacity;
  private final OverflowPolicy policy;
  private final Consumer<? super T> onDrop;
  private final boolean hot;

  /** A buffer over a cold source: the subscriber is told of its subscription first, as usual. */
  EventBuffer(
      Flux<? extends T> source, int capacity, OverflowPolicy policy, Consumer<? super T> onDrop) {
    this(source, capacity, policy, onDrop, false);
  }

  /**
   * {@code hot}: attaches to the source before telling the subscriber (see above); the source must
   * call {@code onSubscribe} during {@code subscribe}, as Reactor's sinks do.
   */
  EventBuffer(
      Flux<? extends T> source,
      int capacity,
      OverflowPolicy policy,
      Consumer<? super T> onDrop,
      boolean hot) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.source = Objects.requireNonNull(source, "source");
    this.capacity = capacity;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
    this.hot = hot;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    BufferSubscriber<T> buffer = new BufferSubscriber<>(actual, capacity, policy, onDrop, hot);
    source.subscribe(buffer);
    if (hot) {
      buffer.start();
    }
  }

  private static final class BufferSubscriber<T> implements CoreSubscriber<T>, Subscription {

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<BufferSubscriber> WIP =
        AtomicIntegerFieldUpdater.newUpdater(BufferSubscriber.class, "wip");

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<BufferSubscriber> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(BufferSubscriber.class, "requested");

    private final CoreSubscriber<? super T> actual;
    private final int capacity;
    private final OverflowPolicy policy;
    private final Consumer<? super T> onDrop;
    // Guarded by this; `size` mirrors it so that the fast path can look without the lock.
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private volatile int size;
    private volatile int wip;
    private volatile long requested;
    private volatile boolean done;
    private volatile boolean cancelled;
    private final boolean hot;
    private Throwable error;
    private volatile Subscription upstream;

    BufferSubscriber(
        CoreSubscriber<? super T> actual,
        int capacity,
        OverflowPolicy policy,
        Consumer<? super T> onDrop,
        boolean hot) {
      this.actual = actual;
      this.capacity = capacity;
      this.policy = policy;
      this.onDrop = onDrop;
      this.hot = hot;
      // Hot: the drain is held until start() has told the subscriber, so that nothing reaches it
      // before its onSubscribe; what arrives meanwhile is buffered.
      this.wip = hot ? 1 : 0;
    }

    /** Hot: called once the source has attached this; tells the subscriber, then drains. */
    void start() {
      actual.onSubscribe(this);
      drainLoop(1);
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(upstream, s)) {
        upstream = s;
        if (!hot) {
          actual.onSubscribe(this);
        }
        if (cancelled) {
          s.cancel(); // hot: cancelled by the subscriber before the source had attached this
          return;
        }
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(T t) {
      if (done) {
        Operators.onNextDropped(t, actual.currentContext());
        return;
      }
      if (wip == 0 && WIP.compareAndSet(this, 0, 1)) {
        // Fast path: no one is draining, and nothing can be added to an empty buffer but by us
        // (the only producer).
        long r = requested;
        if (size == 0 && r != 0 && !cancelled) {
          actual.onNext(t);
          if (r != Long.MAX_VALUE) {
            REQUESTED.decrementAndGet(this);
          }
          if (WIP.decrementAndGet(this) == 0) {
            return;
          }
        } else {
          offer(t);
        }
        drainLoop(1);
        return;
      }
      offer(t);
      drain();
    }

    /** Buffers t, or applies the policy when the buffer is full; the caller drains. */
    private void offer(T t) {
      T dropped = null;
      boolean overflow = false;
      synchronized (this) {
        if (queue.size() < capacity) {
          queue.offer(t);
        } else if (policy == OverflowPolicy.DROP_OLDEST) {
          dropped = queue.poll();
          queue.offer(t);
        } else if (policy == OverflowPolicy.DROP_LATEST) {
          dropped = t;
        } else {
          overflow = true;
        }
        size = queue.size();
      }
      if (overflow) {
        upstream.cancel();
        Operators.onDiscard(t, actual.currentContext());
        error = Exceptions.failWithOverflow("event buffer of " + capacity + " is full");
        done = true;
      } else if (dropped != null) {
        try {
          onDrop.accept(dropped);
        } finally {
          Operators.onDiscard(dropped, actual.currentContext());
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        Operators.onErrorDropped(t, actual.currentContext());
        return;
      }
      error = t;
      done = true;
      drain();
    }

    @Override
    public void onComplete() {
      if (!done) {
        done = true;
        drain();
      }
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        Operators.addCap(REQUESTED, this, n);
        drain();
      }
    }

    @Override
    public void cancel() {
      if (!cancelled) {
        cancelled = true;
        Subscription s = upstream;
        if (s != null) {
          s.cancel();
        }
        if (WIP.getAndIncrement(this) == 0) {
          clear();
        }
      }
    }

    private void drain() {
      if (WIP.getAndIncrement(this) == 0) {
        drainLoop(1);
      }
    }

    /** Called holding the drain (wip at least {@code missed}). */
    private void drainLoop(int missed) {
      for (; ; ) {
        long r = requested;
        long e = 0;
        while (e != r) {
          boolean d = done;
          T v = poll();
          if (checkTerminated(d, v == null)) {
            return;
          }
          if (v == null) {
            break;
          }
          actual.onNext(v);
          e++;
        }
        if (e == r && checkTerminated(done, size == 0)) {
          return;
        }
        if (e != 0 && r != Long.MAX_VALUE) {
          REQUESTED.addAndGet(this, -e);
        }
        missed = WIP.addAndGet(this, -missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private boolean checkTerminated(boolean d, boolean empty) {
      if (cancelled) {
        clear();
        return true;
      }
      if (d) {
        Throwable e = error;
        if (e != null && Exceptions.isOverflow(e)) {
          clear(); // an overflow ends the stream now: what is buffered is discarded
          actual.onError(e);
          return true;
        }
        if (empty) {
          if (e != null) {
            actual.onError(e);
          } else {
            actual.onComplete();
          }
          return true;
        }
      }
      return false;
    }

    private T poll() {
      synchronized (this) {
        T v = queue.poll();
        if (v != null) {
          size = queue.size();
        }
        return v;
      }
    }

    private void clear() {
      synchronized (this) {
        for (T t : queue) {
          Operators.onDiscard(t, actual.currentContext());
        }
        queue.clear();
        size = 0;
      }
    }
  }
}
