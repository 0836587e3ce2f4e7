package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** A subscriber's bounded event buffer: pass-through, buffering, the three overflow policies. */
class EventBufferTest {

  final List<Integer> dropped = new CopyOnWriteArrayList<>();

  Flux<Integer> buffered(Flux<Integer> source, int capacity, OverflowPolicy policy) {
    return new EventBuffer<>(source, capacity, policy, dropped::add);
  }

  @Test
  void withDemandEventsPassStraightThroughInOrder() {
    StepVerifier.create(buffered(Flux.range(1, 1000), 4, OverflowPolicy.ERROR))
        .expectNextCount(1000)
        .verifyComplete();
  }

  /**
   * A sink adds its subscriber only after {@code onSubscribe} returns; over loopback a connect
   * started in {@code doOnSubscribe} can have its READY dispatched before that (CI: the
   * split-frames wire test waited 40 s for a READY the sink had dropped with no subscriber).
   */
  @Test
  void aHotSourceDeliversWhatIsEmittedWhileTheSubscriberIsBeingToldOfItsSubscription() {
    Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
    Flux<Integer> hot =
        new EventBuffer<>(sink.asFlux(), 4, OverflowPolicy.ERROR, dropped::add, true);
    StepVerifier.create(hot.doOnSubscribe(s -> sink.tryEmitNext(1)).take(1))
        .expectNext(1)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aHotSourceBuffersWhatComesBeforeTheFirstRequest() {
    Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
    Flux<Integer> hot =
        new EventBuffer<>(sink.asFlux(), 4, OverflowPolicy.ERROR, dropped::add, true);
    StepVerifier.create(hot.doOnSubscribe(s -> sink.tryEmitNext(1)), 0)
        .then(() -> sink.tryEmitNext(2))
        .expectNoEvent(Duration.ofMillis(20))
        .thenRequest(5)
        .expectNext(1, 2)
        .then(() -> sink.tryEmitNext(3))
        .expectNext(3)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertThat(sink.currentSubscriberCount()).isZero();
  }

  @Test
  void aHotSubscriberCancelledInOnSubscribeLeavesTheSource() {
    Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
    Flux<Integer> hot =
        new EventBuffer<>(sink.asFlux(), 4, OverflowPolicy.ERROR, dropped::add, true);
    StepVerifier.create(hot.take(0)).verifyComplete();
    assertThat(sink.currentSubscriberCount()).isZero();
    assertThat(sink.tryEmitNext(1)).isEqualTo(Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER);
  }

  @Test
  void aSubscriberBehindGetsWhatWasBufferedThenTheRestThenCompletion() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 3, OverflowPolicy.ERROR), 1)
        .then(() -> source.next(1, 2, 3, 4))
        .expectNext(1)
        .thenRequest(2)
        .expectNext(2, 3)
        .then(() -> source.complete())
        .thenRequest(5)
        .expectNext(4)
        .verifyComplete();
    assertThat(dropped).isEmpty();
  }

  @Test
  void errorPolicyFailsWithOverflowAndCancelsTheSource() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 2, OverflowPolicy.ERROR), 0)
        .then(() -> source.next(1, 2, 3))
        .expectErrorMatches(Exceptions::isOverflow)
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }

  @Test
  void errorPolicyOverflowIsReportedEvenWhileTheSubscriberIsBeingServed() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 1, OverflowPolicy.ERROR), 1)
        .then(() -> source.next(1)) // fast path
        .expectNext(1)
        .then(() -> source.next(2, 3)) // 2 buffered, 3 overflows
        .expectErrorMatches(Exceptions::isOverflow)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void dropOldestKeepsTheNewestAndReportsWhatItDropped() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 2, OverflowPolicy.DROP_OLDEST), 0)
        .then(() -> source.next(1, 2, 3, 4))
        .thenRequest(10)
        .expectNext(3, 4)
        .then(() -> source.next(5))
        .expectNext(5)
        .then(source::complete)
        .verifyComplete();
    assertThat(dropped).containsExactly(1, 2);
  }

  @Test
  void dropLatestKeepsTheOldestAndReportsWhatItDropped() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 2, OverflowPolicy.DROP_LATEST), 0)
        .then(() -> source.next(1, 2, 3, 4))
        .thenRequest(10)
        .expectNext(1, 2)
        .then(source::complete)
        .verifyComplete();
    assertThat(dropped).containsExactly(3, 4);
  }

  @Test
  void anUpstreamErrorComesAfterWhatWasBuffered() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 4, OverflowPolicy.ERROR), 0)
        .then(() -> source.next(1, 2).error(new IllegalStateException("gone")))
        .thenRequest(2)
        .expectNext(1, 2)
        .expectErrorMessage("gone")
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void cancellingCancelsTheSource() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(buffered(source.flux(), 4, OverflowPolicy.ERROR), 0)
        .then(() -> source.next(1, 2))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }

  @Test
  void aConsumerOnAnotherThreadSeesEveryEventOnceAndInOrder() throws InterruptedException {
    // The producer and a publishOn consumer race over the buffer: nothing lost, duplicated or
    // reordered while the buffer never fills.
    Scheduler consumer = Schedulers.newSingle("event-buffer-consumer");
    try {
      AtomicLong next = new AtomicLong();
      AtomicLong outOfOrder = new AtomicLong();
      CountDownLatch done = new CountDownLatch(1);
      buffered(Flux.range(0, 200_000), 200_000, OverflowPolicy.ERROR)
          .publishOn(consumer, 16)
          .subscribe(
              i -> {
                if (i != next.getAndIncrement()) {
                  outOfOrder.incrementAndGet();
                }
              },
              e -> done.countDown(),
              done::countDown);
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(next).hasValue(200_000);
      assertThat(outOfOrder).hasValue(0);
    } finally {
      consumer.dispose();
    }
  }
}
