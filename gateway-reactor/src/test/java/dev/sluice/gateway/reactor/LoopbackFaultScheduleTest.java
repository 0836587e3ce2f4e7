package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Random fault schedules over loopback (issue 16): a real {@link GatewayClient} on real sockets
 * against a fresh {@link FakeGateway} per schedule, with time scaled down (a 60 ms heartbeat,
 * sub-second timeouts and backoffs, no identify window). {@link LoopbackChecks} judges each run.
 * 200 schedules; {@code -Dsluice.faults.loopbackCount=N} for more, {@code -Dsluice.faults.seed=S}
 * replays one (a run over real sockets replays the same faults, not the same timing).
 */
class LoopbackFaultScheduleTest {

  static final String NAME = "LoopbackFaultScheduleTest";
  static final String TOKEN = "MTAwMjAwMzAw.loopback.test";
  static final String EVENT = "FAULT_TEST";

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // the faults-long profile, a loaded machine
  void everyScheduleOverLoopbackKeepsTheInvariants() {
    FaultSeeds.runAll(
        NAME,
        FaultSeeds.seeds(200, "sluice.faults.loopbackCount"),
        seed -> new Run(LoopbackSchedule.generate(seed)).check());
  }

  /** One schedule's run: the fake, the client, and what users saw. */
  static final class Run {
    final LoopbackSchedule schedule;
    final BlockingQueue<GatewayState> changes = new LinkedBlockingQueue<>();
    final List<GatewayState> states = new CopyOnWriteArrayList<>();
    final List<Long> stateTimes = new CopyOnWriteArrayList<>();
    final List<Integer> delivered = new CopyOnWriteArrayList<>();
    final List<long[]> dispatched = new CopyOnWriteArrayList<>(); // n, accepted, nanos
    final AtomicInteger sendsWritten = new AtomicInteger();
    final List<Throwable> sendErrors = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> connectError = new AtomicReference<>();
    volatile boolean connectCompleted;
    int userClose;
    int sends;
    FakeGateway fake;

    Run(LoopbackSchedule schedule) {
      this.schedule = schedule;
    }

    String check() throws Exception {
      var builder =
          FakeGateway.builder()
              .token(TOKEN)
              .heartbeatInterval(Duration.ofMillis(60))
              .identifyWindow(Duration.ZERO)
              .fragmentFrames(schedule.fragments());
      if (schedule.compress()) {
        builder.splitFrames(schedule.splits());
      }
      String result;
      try (FakeGateway started = builder.start()) {
        fake = started;
        GatewayClient client = client();
        Disposable subscriptions = subscribe(client);
        try {
          play(client);
          result = new LoopbackChecks(this).problems();
        } finally {
          subscriptions.dispose();
        }
      }
      return result;
    }

    private GatewayClient client() {
      return GatewayClient.builder(BotToken.of(TOKEN))
          .gatewayUrl(fake.url())
          .compression(schedule.compression())
          .timeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(600))
          .resumeTimeout(Duration.ofMillis(600))
          .reconnect(
              ReconnectSpec.defaults()
                  .withFirstBackoff(Duration.ofMillis(10))
                  .withMaxBackoff(Duration.ofMillis(80))
                  .withInvalidSessionWait(Duration.ofMillis(10), Duration.ofMillis(40)))
          .identifyLimiter(shard -> Flux.empty()) // the fake's identify window is lifted too
          .build();
    }

    private Disposable subscribe(GatewayClient client) {
      Disposable states =
          client
              .state()
              .subscribe(
                  s -> {
                    stateTimes.add(System.nanoTime());
                    this.states.add(s);
                    changes.add(s);
                  });
      Disposable events =
          client
              .raw()
              .filter(e -> EVENT.equals(e.type()))
              .subscribe(
                  e -> {
                    String json = e.json();
                    int at = json.indexOf("\"n\":");
                    delivered.add(Integer.parseInt(json.substring(at + 4, json.indexOf('}', at))));
                  });
      Disposable running =
          client.connect().subscribe(null, connectError::set, () -> connectCompleted = true);
      return () -> {
        running.dispose();
        events.dispose();
        states.dispose();
      };
    }

    private void play(GatewayClient client) throws InterruptedException {
      awaitState(s -> s.isReady(), 5_000); // a session first
      for (LoopbackSchedule.Step step : schedule.steps()) {
        changes.poll(step.waitMillis(), TimeUnit.MILLISECONDS); // the next change, or the wait
        apply(client, step);
      }
      fake.resumeAcks();
      fake.withholdHello(false);
      if (userClose == 0) {
        awaitState(s -> s.isReady() || s instanceof GatewayState.FatallyClosed, 10_000);
        dispatch(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last = dispatched.size();
        while (!delivered.contains(last) && !fatallyClosed() && System.nanoTime() < deadline) {
          changes.poll(10, TimeUnit.MILLISECONDS);
        }
        // Delivered within a replay, they may precede RESUMED.
        awaitState(s -> s.isReady() || s instanceof GatewayState.FatallyClosed, 10_000);
      } else {
        awaitState(
            s -> s instanceof GatewayState.Closed || s instanceof GatewayState.FatallyClosed,
            5_000);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (fatallyClosed() && connectError.get() == null && System.nanoTime() < deadline) {
        changes.poll(10, TimeUnit.MILLISECONDS); // connect() fails right after the state
      }
    }

    /**
     * Whether the client took a fatal close. One sent while the client was already ending that
     * connection (after op 9, say) is never read, and then the client goes on.
     */
    boolean fatallyClosed() {
      return states.stream().anyMatch(GatewayState.FatallyClosed.class::isInstance);
    }

    private void awaitState(java.util.function.Predicate<GatewayState> done, long millis)
        throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < deadline) {
        if (!states.isEmpty() && done.test(states.get(states.size() - 1))) {
          return;
        }
        if (connectError.get() != null) {
          return;
        }
        changes.poll(10, TimeUnit.MILLISECONDS);
      }
    }

    private void dispatch(int count) {
      for (int i = 0; i < count; i++) {
        int n = dispatched.size() + 1;
        long nanos = System.nanoTime();
        int accepted = fake.dispatch(EVENT, "{\"n\":" + n + "}");
        dispatched.add(new long[] {n, accepted, nanos});
      }
    }

    private void apply(GatewayClient client, LoopbackSchedule.Step step) {
      int arg = step.arg();
      switch (step.kind()) {
        case DISPATCH -> dispatch(arg);
        case DROP -> fake.dropConnections();
        case CLOSE -> {
          fake.close(arg, "fault");
        }
        case RECONNECT -> fake.reconnect();
        case INVALID_SESSION -> {
          fake.invalidSession(arg == 1);
        }
        case STOP_ACKS -> fake.stopAcks();
        case RESUME_ACKS -> fake.resumeAcks();
        case DELAY_ACKS -> fake.delayAcks(Duration.ofMillis(arg));
        case REQUEST_HEARTBEAT -> fake.requestHeartbeat();
        case WITHHOLD_HELLO -> fake.withholdHello(true);
        case RELEASE_HELLO -> fake.withholdHello(false);
        case MALFORMED -> fake.sendMalformedFrame();
        case SEND -> {
          sends++;
          client
              .send(RequestGuildMembers.byPrefix(Snowflake.of(1), "n" + sends, 1))
              .subscribe(null, sendErrors::add, sendsWritten::incrementAndGet);
        }
        case USER_CLOSE, USER_CLOSE_RESUMABLE -> {
          if (userClose == 0) {
            boolean resumable = step.kind() == LoopbackSchedule.Kind.USER_CLOSE_RESUMABLE;
            userClose = resumable ? 2 : 1;
            (resumable ? client.closeResumable().then() : client.close()).subscribe();
          }
        }
      }
    }
  }
}
