package dev.sluice.gateway.reactor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Splits one stream into a fixed number of lanes by a classifier and runs a function on them:
 * {@code LaneSplit.split(source, laneOf, n, lanes -> ...)} means what {@code source.publish(shared
 * -> ...)} means when each lane is {@code shared.filter(t -> laneOf(t) == i)}, without what that
 * costs per element (publish's queue and drain loop, every lane testing every element, and a {@code
 * request(1)} from each lane that drops it). Each element goes, on the thread that emitted it, to
 * the one lane it belongs to. Used by {@link ConnectionRun} for the opcode split.
 *
 * <p>The source is subscribed when every lane has its subscriber, and requested without bound:
 * lanes never hold it back. A lane whose subscriber has no outstanding demand when an element for
 * it arrives is an overflow: the source is cancelled and every lane fails with {@link
 * Exceptions#failWithOverflow}. Consume the lanes without bound, as {@code
 * Flux.merge(Integer.MAX_VALUE, ...)} does. Each lane takes one subscriber; when all of them have
 * cancelled, the source is cancelled.
 */
final class LaneSplit<T> implements CoreSubscriber<T> {

  private final Publisher<? extends T> source;
  private final ToIntFunction<? super T> laneOf;
  private final Lane<T>[] lanes;
  private volatile Subscription upstream;
  private volatile int subscribed;
  private volatile int cancelled;
  private boolean done;

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<LaneSplit, Subscription> UPSTREAM =
      AtomicReferenceFieldUpdater.newUpdater(LaneSplit.class, Subscription.class, "upstream");

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<LaneSplit> SUBSCRIBED =
      AtomicIntegerFieldUpdater.newUpdater(LaneSplit.class, "subscribed");

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<LaneSplit> CANCELLED =
      AtomicIntegerFieldUpdater.newUpdater(LaneSplit.class, "cancelled");

  private LaneSplit(Publisher<? extends T> source, ToIntFunction<? super T> laneOf, int count) {
    this.source = source;
    this.laneOf = laneOf;
    @SuppressWarnings("unchecked")
    Lane<T>[] created = new Lane[count];
    for (int i = 0; i < count; i++) {
      created[i] = new Lane<>(this, i);
    }
    this.lanes = created;
  }

  /**
   * For each subscriber: {@code count} fresh lanes of {@code source} (lane {@code i} holds the
   * elements for which {@code laneOf} returns {@code i}), given to {@code body}.
   */
  static <T, R> Flux<R> split(
      Publisher<? extends T> source,
      ToIntFunction<? super T> laneOf,
      int count,
      Function<List<Flux<T>>, ? extends Publisher<R>> body) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(laneOf, "laneOf");
    Objects.requireNonNull(body, "body");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return Flux.defer(
        () -> body.apply(List.<Flux<T>>of(new LaneSplit<T>(source, laneOf, count).lanes)));
  }

  private void laneSubscribed() {
    if (SUBSCRIBED.incrementAndGet(this) == lanes.length) {
      source.subscribe(this);
    }
  }

  private void laneCancelled() {
    if (CANCELLED.incrementAndGet(this) == lanes.length) {
      cancelUpstream();
    }
  }

  private void cancelUpstream() {
    Subscription s = UPSTREAM.getAndSet(this, Operators.cancelledSubscription());
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (Operators.setOnce(UPSTREAM, this, s)) {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(T t) {
    if (done) {
      Operators.onNextDropped(t, currentContext());
      return;
    }
    Lane<T> lane;
    try {
      lane = lanes[laneOf.applyAsInt(t)];
    } catch (Throwable e) {
      failFromNext(Operators.onOperatorError(upstream, e, t, currentContext()));
      return;
    }
    for (long requested = lane.requested; requested != Long.MAX_VALUE; ) {
      if (requested == Lane.CANCELLED) {
        Operators.onDiscard(t, currentContext());
        return;
      }
      if (requested == 0) {
        Operators.onDiscard(t, currentContext());
        failFromNext(
            Exceptions.failWithOverflow(
                "lane " + lane.index + " of the split has no demand for an element"));
        return;
      }
      if (Lane.REQUESTED.compareAndSet(lane, requested, requested - 1)) {
        break;
      }
      requested = lane.requested;
    }
    lane.actual.onNext(t);
  }

  private void failFromNext(Throwable error) {
    cancelUpstream();
    onError(error);
  }

  @Override
  public void onError(Throwable t) {
    if (done) {
      Operators.onErrorDropped(t, currentContext());
      return;
    }
    done = true;
    for (Lane<T> lane : lanes) {
      if (lane.requested != Lane.CANCELLED) {
        lane.actual.onError(t);
      }
    }
  }

  @Override
  public void onComplete() {
    if (done) {
      return;
    }
    done = true;
    for (Lane<T> lane : lanes) {
      if (lane.requested != Lane.CANCELLED) {
        lane.actual.onComplete();
      }
    }
  }

  @Override
  public Context currentContext() {
    // The source is subscribed once every lane has its subscriber; the first lane's context
    // stands for the whole (the lanes are consumed by one downstream).
    return lanes[0].actual.currentContext();
  }

  /** One lane: a Flux for one subscriber, fed by the split on the source's thread. */
  private static final class Lane<T> extends Flux<T> implements Subscription {
    static final long CANCELLED = Long.MIN_VALUE;

    @SuppressWarnings("rawtypes")
    static final AtomicLongFieldUpdater<Lane> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Lane.class, "requested");

    @SuppressWarnings("rawtypes")
    static final AtomicIntegerFieldUpdater<Lane> TAKEN =
        AtomicIntegerFieldUpdater.newUpdater(Lane.class, "taken");

    final LaneSplit<T> parent;
    final int index;
    CoreSubscriber<? super T> actual;
    volatile long requested;
    volatile int taken;

    Lane(LaneSplit<T> parent, int index) {
      this.parent = parent;
      this.index = index;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> subscriber) {
      if (!TAKEN.compareAndSet(this, 0, 1)) {
        Operators.error(
            subscriber, new IllegalStateException("lane " + index + " allows one subscriber"));
        return;
      }
      actual = subscriber;
      subscriber.onSubscribe(this);
      parent.laneSubscribed();
    }

    @Override
    public void request(long n) {
      if (Operators.validate(n)) {
        for (long r = requested; r != CANCELLED && r != Long.MAX_VALUE; r = requested) {
          if (REQUESTED.compareAndSet(this, r, Operators.addCap(r, n))) {
            return;
          }
        }
      }
    }

    @Override
    public void cancel() {
      if (REQUESTED.getAndSet(this, CANCELLED) != CANCELLED) {
        parent.laneCancelled();
      }
    }
  }
}
