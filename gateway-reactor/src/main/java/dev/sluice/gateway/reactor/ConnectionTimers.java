package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.internal.session.Input;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The asynchronous side of one connection: its timers (heartbeat ticks, Hello and READY timeouts),
 * the user's close request and the identify limiter's progress, all on the client's {@code
 * Scheduler}, handed to the connection's reading thread (so that a timer thread never takes over
 * the stream). Timer inputs join the connection's serialized input stream ({@link #inputs()});
 * identify progress joins its events ({@link #progress()}). Everything is cancelled by {@link
 * #dispose()}.
 *
 * <p>Thread-safe: emissions into each private sink are serialized by this object's lock; after
 * disposal the sinks are terminated and late emissions are deliberately ignored (FAIL_TERMINATED:
 * the connection they were for has ended).
 */
final class ConnectionTimers {

  private final Scheduler scheduler;
  private final DoubleSupplier jitter;
  private final Executor loop;
  private final Sinks.Many<Input> inputs = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.Many<ConnectionEvent> progress =
      Sinks.many().unicast().onBackpressureBuffer();
  private final Disposable.Swap heartbeat = Disposables.swap();
  private final Disposable.Swap watchdog = Disposables.swap();
  private final Disposable.Composite tasks = Disposables.composite();

  /**
   * Timers on {@code scheduler} whose inputs are handed to {@code loop}, the connection's reading
   * thread ({@link Transport.Connection#inputs()}).
   */
  ConnectionTimers(Scheduler scheduler, DoubleSupplier jitter, Executor loop) {
    this.scheduler = scheduler;
    this.jitter = jitter;
    this.loop = loop;
  }

  /** Ticks, timeouts and close requests, for the connection's input stream. */
  Flux<Input> inputs() {
    return inputs.asFlux();
  }

  /** State changes reported from outside the input stream (the identify limiter's). */
  Flux<ConnectionEvent> progress() {
    return progress.asFlux();
  }

  /** Feeds {@code input} now, on the connection's reading thread. */
  void feed(Input input) {
    onLoop(() -> emitInput(input));
  }

  private synchronized void emitInput(Input input) {
    inputs.tryEmitNext(input);
  }

  /** Feeds {@code input} after {@code delay}. */
  void feedAfter(Duration delay, Input input) {
    tasks.add(Mono.delay(delay, scheduler).subscribe(tick -> feed(input)));
  }

  /** Reports a state change of the handshake, on the connection's reading thread. */
  void emit(GatewayState state) {
    onLoop(() -> emitProgress(state));
  }

  private synchronized void emitProgress(GatewayState state) {
    progress.tryEmitNext(new ConnectionEvent.StateChanged(state));
  }

  private void onLoop(Runnable emission) {
    try {
      loop.execute(emission);
    } catch (RejectedExecutionException e) {
      emission.run(); // the event loop is shutting down: the connection is ending anyway
    }
  }

  /**
   * (Re)starts the heartbeat: the first tick after interval × jitter, then every interval.
   *
   * @return the delay of the first tick
   */
  Duration startHeartbeat(Duration interval) {
    Duration first = Duration.ofNanos((long) (interval.toNanos() * jitter.getAsDouble()));
    long period = interval.toNanos();
    long[] due = {scheduler.now(TimeUnit.NANOSECONDS) + first.toNanos()};
    // One delay per tick on a fixed schedule (due, due + period, ...), not a periodic task: a
    // periodic task cancelled from another thread while it runs (the connection's cleanup on the
    // event loop, during the tick that ended it) makes reactor-test's VirtualTimeScheduler throw
    // "Scheduler unavailable" into the thread that advances time. A tick later than a whole
    // period skips the beats it missed instead of sending them back to back (a false zombie).
    heartbeat.update(
        Mono.defer(
                () ->
                    Mono.delay(
                        Duration.ofNanos(Math.max(0, due[0] - scheduler.now(TimeUnit.NANOSECONDS))),
                        scheduler))
            .repeat()
            .subscribe(
                tick -> {
                  long now = scheduler.now(TimeUnit.NANOSECONDS);
                  do {
                    due[0] += period;
                  } while (due[0] <= now);
                  feed(Input.tick());
                }));
    return first;
  }

  /**
   * Feeds {@code onStall} once {@code timeout} has passed since the last progress ({@code
   * lastProgress}, in the scheduler's nanoseconds): the watch re-arms for what is left while
   * progress goes on, and ends with {@link #stopWatch()} or on stalling.
   */
  void watch(Duration timeout, LongSupplier lastProgress, Input onStall) {
    long left = lastProgress.getAsLong() + timeout.toNanos() - scheduler.now(TimeUnit.NANOSECONDS);
    if (left <= 0) {
      feed(onStall);
      return;
    }
    watchdog.update(
        Mono.delay(Duration.ofNanos(left), scheduler)
            .subscribe(tick -> watch(timeout, lastProgress, onStall)));
  }

  /** Ends the watch started by {@link #watch}. */
  void stopWatch() {
    watchdog.update(Disposables.disposed());
  }

  /**
   * The Identify: waits for the limiter's {@code permit}, reporting each wait as {@link
   * GatewayState.AwaitingIdentify}, then reports {@link GatewayState.Identifying}, starts the READY
   * timeout and runs {@code send}. A task of the connection: heartbeats never wait for it.
   */
  void identify(
      Flux<IdentifyWait> permit,
      Mono<Void> send,
      Duration readyTimeout,
      Consumer<Throwable> onError) {
    run(
        permit
            .doOnSubscribe(
                s ->
                    emit(
                        new GatewayState.AwaitingIdentify(
                            IdentifyWait.Reason.BUCKET, "identify limiter")))
            .doOnNext(wait -> emit(new GatewayState.AwaitingIdentify(wait.reason(), wait.detail())))
            .then(
                Mono.defer(
                    () -> {
                      emit(new GatewayState.Identifying());
                      feedAfter(readyTimeout, new Input.TimedOut(Input.Timeout.READY));
                      return send;
                    })),
        onError);
  }

  /** Runs a task of the connection (the identify), cancelled with the connection. */
  void run(Mono<?> task, Consumer<Throwable> onError) {
    tasks.add(task.subscribe(null, onError));
  }

  /** Cancels every timer and task, and completes both streams. */
  void dispose() {
    heartbeat.dispose();
    watchdog.dispose();
    tasks.dispose();
    synchronized (this) {
      inputs.tryEmitComplete();
      progress.tryEmitComplete();
    }
  }
}
