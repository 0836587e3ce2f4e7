package dev.sluice.gateway.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Virtual time for a client and the fake gateway together: a {@link Scheduler} (a {@link
 * VirtualTimeScheduler} underneath) that knows which timers are armed. Give it to the client
 * ({@code .scheduler(clock)}) and to the fake ({@link FakeGatewayBuilder#scheduler}); time then
 * moves only when the test moves it, for the client's heartbeats, backoffs and timeouts as for the
 * fake's identify window.
 *
 * <p>The client arms its timers on its own threads, as frames arrive over real sockets; advancing
 * before a timer is armed would start it late. {@link #advanceWhenArmed} waits (in real time, with
 * a timeout) until a timer of the given delay is armed, then advances by that delay, which fires
 * it: each step of a test is then the same on every run.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.create();
 * FakeGateway fake = FakeGateway.builder().scheduler(clock).start();
 * // a client with .scheduler(clock) and .jitter(() -> 0.5) gets op 9 (not resumable)...
 * clock.advanceWhenArmed(Duration.ofSeconds(3), Duration.ofSeconds(10)); // 1 s + 4 s * 0.5
 * }</pre>
 *
 * <p>Thread-safe. Tasks due run on the thread that advances time. Needs {@code reactor-test} on the
 * class path (a test dependency of any Reactor project).
 */
public final class VirtualClock implements Scheduler {

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final List<Armed> armed = new ArrayList<>();

  private VirtualClock() {}

  /** A clock at virtual time 0. */
  public static VirtualClock create() {
    return new VirtualClock();
  }

  /** Advances virtual time by {@code duration}, running every task that comes due. */
  public void advance(Duration duration) {
    time.advanceTimeBy(duration);
  }

  /**
   * Waits until a timer of exactly {@code delay} is armed (scheduled, neither run nor cancelled),
   * then advances time by {@code delay}.
   *
   * @throws AssertionError when no such timer is armed within {@code timeout} (real time); the
   *     message lists the armed timers
   */
  public void advanceWhenArmed(Duration delay, Duration timeout) {
    awaitArmed(delay, timeout);
    advance(delay);
  }

  /**
   * Waits until a timer of exactly {@code delay} is armed, without advancing time (to check what
   * happens just before it fires, say).
   *
   * @throws AssertionError when no such timer is armed within {@code timeout} (real time)
   */
  public void awaitArmed(Duration delay, Duration timeout) {
    long wanted = delay.toNanos();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (armed) {
      while (armed.stream().noneMatch(a -> a.delayNanos == wanted)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no timer of " + delay + " was armed within " + timeout + "; armed: " + describe());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(armed, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for a timer of " + delay, e);
        }
      }
    }
  }

  /** The delays of the timers armed now, for messages. */
  public List<Duration> armedTimers() {
    synchronized (armed) {
      return armed.stream().map(a -> Duration.ofNanos(a.delayNanos)).toList();
    }
  }

  private String describe() {
    return armedTimers().toString();
  }

  @Override
  public long now(TimeUnit unit) {
    return time.now(unit);
  }

  @Override
  public Disposable schedule(Runnable task) {
    return time.schedule(task);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Armed timer = new Armed(unit.toNanos(delay));
    return timer.track(time.schedule(timer.firing(task), delay, unit));
  }

  @Override
  public Disposable schedulePeriodically(
      Runnable task, long initialDelay, long period, TimeUnit unit) {
    Armed timer = new Armed(unit.toNanos(initialDelay));
    return timer.track(time.schedulePeriodically(timer.firing(task), initialDelay, period, unit));
  }

  @Override
  public Worker createWorker() {
    Worker worker = time.createWorker();
    return new Worker() {
      @Override
      public Disposable schedule(Runnable task) {
        return worker.schedule(task);
      }

      @Override
      public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        Armed timer = new Armed(unit.toNanos(delay));
        return timer.track(worker.schedule(timer.firing(task), delay, unit));
      }

      @Override
      public Disposable schedulePeriodically(
          Runnable task, long initialDelay, long period, TimeUnit unit) {
        Armed timer = new Armed(unit.toNanos(initialDelay));
        return timer.track(
            worker.schedulePeriodically(timer.firing(task), initialDelay, period, unit));
      }

      @Override
      public void dispose() {
        worker.dispose();
      }

      @Override
      public boolean isDisposed() {
        return worker.isDisposed();
      }
    };
  }

  @Override
  public void dispose() {
    time.dispose();
  }

  @Override
  public boolean isDisposed() {
    return time.isDisposed();
  }

  /**
   * One delayed task: armed once it is in the scheduler's queue (so that advancing time after
   * seeing it armed fires it), until it first runs or is cancelled.
   */
  private final class Armed {
    final long delayNanos;
    private boolean done; // guarded by armed

    Armed(long delayNanos) {
      this.delayNanos = delayNanos;
    }

    Runnable firing(Runnable task) {
      return () -> {
        disarm();
        task.run();
      };
    }

    /** Arms the timer, now that it is queued, unless it already ran or was cancelled. */
    Disposable track(Disposable scheduled) {
      synchronized (armed) {
        if (!done && delayNanos > 0) {
          armed.add(this);
          armed.notifyAll();
        }
      }
      return new Disposable() {
        @Override
        public void dispose() {
          disarm();
          scheduled.dispose();
        }

        @Override
        public boolean isDisposed() {
          return scheduled.isDisposed();
        }
      };
    }

    private void disarm() {
      synchronized (armed) {
        done = true;
        armed.remove(this);
      }
    }
  }
}
