package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.internal.session.Input;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Timer inputs reach the connection's stream only through its reading thread's executor. */
class ConnectionTimersLoopTest {

  @Test
  void inputsAndProgressWaitForTheConnectionsExecutor() {
    Queue<Runnable> loop = new ArrayDeque<>();
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    ConnectionTimers timers = new ConnectionTimers(scheduler, () -> 0.5, loop::add);
    List<Object> seen = new CopyOnWriteArrayList<>();
    Disposable inputs = timers.inputs().subscribe(seen::add);
    Disposable progress = timers.progress().subscribe(seen::add);

    timers.feed(new Input.CloseRequested(true));
    timers.feedAfter(Duration.ofSeconds(1), new Input.TimedOut(Input.Timeout.HELLO));
    scheduler.advanceTimeBy(Duration.ofSeconds(1));
    timers.emit(new GatewayState.Identifying());
    assertThat(seen).as("nothing before the loop runs the emissions").isEmpty();
    assertThat(loop).hasSize(3);

    loop.forEach(Runnable::run);
    assertThat(seen)
        .containsExactly(
            new Input.CloseRequested(true),
            new Input.TimedOut(Input.Timeout.HELLO),
            new ConnectionEvent.StateChanged(new GatewayState.Identifying()));
    inputs.dispose();
    progress.dispose();
    timers.dispose();
  }

  @Test
  void aLoopThatRefusesTasksGetsTheInputInPlace() {
    Executor shutDown =
        task -> {
          throw new RejectedExecutionException("event loop shut down");
        };
    ConnectionTimers timers =
        new ConnectionTimers(VirtualTimeScheduler.create(), () -> 0.5, shutDown);
    List<Input> seen = new CopyOnWriteArrayList<>();
    Disposable inputs = timers.inputs().subscribe(seen::add);

    timers.feed(new Input.CloseRequested(false));

    assertThat(seen).containsExactly(new Input.CloseRequested(false));
    inputs.dispose();
    timers.dispose();
  }
}
