package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** The opcode split's operator: routing, order, termination, cancellation and overflow. */
class LaneSplitTest {

  /** Lane 0: multiples of 3; lane 1: one more; lane 2: two more. */
  static int mod3(Integer i) {
    return i % 3;
  }

  static Flux<String> tagged(Flux<Integer> source) {
    return LaneSplit.split(
        source,
        LaneSplitTest::mod3,
        3,
        lanes ->
            Flux.merge(
                Integer.MAX_VALUE,
                lanes.get(0).map(i -> "a" + i),
                lanes.get(1).map(i -> "b" + i),
                lanes.get(2).map(i -> "c" + i)));
  }

  @Test
  void eachElementGoesToItsOneLaneAndTheMergeKeepsArrivalOrder() {
    StepVerifier.create(tagged(Flux.range(0, 7)))
        .expectNext("a0", "b1", "c2", "a3", "b4", "c5", "a6")
        .verifyComplete();
  }

  @Test
  void theSourceIsSubscribedOnceAndOnlyWhenEveryLaneHasItsSubscriber() {
    AtomicInteger subscriptions = new AtomicInteger();
    Flux<Integer> source = Flux.range(0, 3).doOnSubscribe(s -> subscriptions.incrementAndGet());
    Sinks.One<Boolean> late = Sinks.one();
    Flux<String> body =
        LaneSplit.split(
            source,
            LaneSplitTest::mod3,
            3,
            lanes ->
                Flux.merge(
                    Integer.MAX_VALUE,
                    lanes.get(0).map(i -> "a" + i),
                    lanes.get(1).map(i -> "b" + i),
                    // the last lane is subscribed later: nothing may flow before it is
                    late.asMono().flatMapMany(x -> lanes.get(2).map(i -> "c" + i))));
    StepVerifier.create(body)
        .then(() -> assertThat(subscriptions).hasValue(0))
        .then(() -> late.tryEmitValue(true))
        .expectNext("a0", "b1", "c2")
        .verifyComplete();
    assertThat(subscriptions).hasValue(1);
  }

  @Test
  void anErrorReachesEveryLane() {
    List<String> failed = new CopyOnWriteArrayList<>();
    Flux<String> body =
        LaneSplit.split(
            Flux.concat(Flux.just(0, 1), Flux.error(new IllegalStateException("boom"))),
            LaneSplitTest::mod3,
            3,
            lanes ->
                Flux.mergeDelayError(
                    Integer.MAX_VALUE,
                    lanes.get(0).doOnError(e -> failed.add("a")).map(i -> "a" + i),
                    lanes.get(1).doOnError(e -> failed.add("b")).map(i -> "b" + i),
                    lanes.get(2).doOnError(e -> failed.add("c")).map(i -> "c" + i)));
    StepVerifier.create(body)
        .expectNext("a0", "b1")
        .expectErrorSatisfies(
            e ->
                assertThat(Exceptions.unwrapMultiple(e))
                    .hasSize(3)
                    .allSatisfy(one -> assertThat(one).hasMessage("boom")))
        .verify(Duration.ofSeconds(5));
    assertThat(failed).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void cancellingDownstreamCancelsTheSource() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(tagged(source.flux()))
        .then(() -> source.next(0, 1))
        .expectNext("a0", "b1")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }

  @Test
  void theSourceIsCancelledOnlyWhenEveryLaneHasCancelled() {
    TestPublisher<Integer> source = TestPublisher.create();
    Flux<String> body =
        LaneSplit.split(
            source.flux(),
            LaneSplitTest::mod3,
            3,
            lanes ->
                Flux.merge(
                    Integer.MAX_VALUE,
                    lanes.get(0).take(1).map(i -> "a" + i),
                    lanes.get(1).map(i -> "b" + i),
                    lanes.get(2).map(i -> "c" + i)));
    StepVerifier.create(body)
        .then(() -> source.next(0, 3, 1))
        .expectNext("a0", "b1") // 3 went to a lane that had cancelled: discarded, nothing else
        .then(source::assertNotCancelled)
        .then(() -> source.next(2))
        .expectNext("c2")
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }

  @Test
  void aLaneWithoutDemandIsAnOverflowThatFailsEveryLaneAndCancelsTheSource() {
    TestPublisher<Integer> source = TestPublisher.create();
    Flux<String> body =
        LaneSplit.split(
            source.flux(),
            LaneSplitTest::mod3,
            3,
            lanes ->
                Flux.merge(
                    lanes.get(0).map(i -> "a" + i),
                    lanes.get(1).map(i -> "b" + i),
                    lanes.get(2).map(i -> "c" + i)));
    StepVerifier.create(body, 1)
        .then(() -> source.next(0)) // the merge asks its inner lanes for a few: fine
        .expectNext("a0")
        .then(() -> source.next(1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46))
        .then(() -> source.next(49, 52, 55, 58, 61, 64, 67, 70, 73, 76, 79, 82, 85, 88, 91))
        .then(() -> source.next(94, 97)) // lane 1 had 32 requested by the merge: 33rd overflows
        .thenRequest(100)
        .thenConsumeWhile(element -> true)
        .expectErrorMatches(Exceptions::isOverflow)
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }

  @Test
  void aLaneTakesOneSubscriber() {
    StepVerifier.create(
            LaneSplit.<Integer, Integer>split(
                Flux.never(), i -> 0, 1, lanes -> lanes.get(0).mergeWith(lanes.get(0))))
        .expectErrorMatches(
            e -> e instanceof IllegalStateException && e.getMessage().contains("one subscriber"))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aFailingClassifierFailsTheLanesAndCancelsTheSource() {
    TestPublisher<Integer> source = TestPublisher.create();
    StepVerifier.create(
            LaneSplit.<Integer, Integer>split(
                source.flux(),
                i -> {
                  if (i < 0) {
                    throw new IllegalArgumentException("negative");
                  }
                  return 0;
                },
                1,
                lanes -> lanes.get(0)))
        .then(() -> source.next(1, -1))
        .expectNext(1)
        .expectErrorMessage("negative")
        .verify(Duration.ofSeconds(5));
    source.assertCancelled();
  }
}
