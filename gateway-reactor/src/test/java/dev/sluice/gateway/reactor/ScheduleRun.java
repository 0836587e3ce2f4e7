package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.command.RequestGuildMembers;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.Snowflake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Runs one {@link FaultSchedule} against a {@link GatewayClient} on a {@link SimDiscord}, in
 * virtual time on the calling thread, and records what users saw: every dispatch delivered (per
 * session, by sequence), every state, every send's outcome. {@link ScheduleChecks} judges it.
 */
final class ScheduleRun {

  /** What became of a user's send. */
  enum Outcome {
    PENDING,
    WRITTEN,
    FAILED
  }

  final FaultSchedule schedule;
  final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  final SimFaults faults = new SimFaults();
  final SimDiscord sim;
  final GatewayClient client;
  final List<GatewayState> states = new ArrayList<>();
  final Map<String, List<Long>> delivered = new HashMap<>();
  final List<String> undelivered = new ArrayList<>();
  final List<Outcome> sends = new ArrayList<>();
  final List<Throwable> sendErrors = new ArrayList<>();
  private final List<Disposable> subscriptions = new ArrayList<>();
  Throwable connectError;
  boolean connectCompleted;

  /** The user's close: 0 none, 1 close(), 2 closeResumable(). */
  int userClose;

  /** Connections opened when the user closed, or -1. */
  int connectionsAtClose = -1;

  ScheduleRun(FaultSchedule schedule) {
    this.schedule = schedule;
    SplittableRandom random = new SplittableRandom(schedule.seed() ^ 0x5DEECE66DL);
    this.sim = new SimDiscord(clock, faults, random.split());
    SplittableRandom jitter = random.split();
    faults.heartbeatMillis = schedule.heartbeatMillis();
    faults.split = schedule.split();
    faults.closeDelayMillis = schedule.closeDelayMillis();
    this.client =
        GatewayClient.builder(BotToken.of("MTAw.faults.test"))
            .gatewayUrl(SimDiscord.GATEWAY)
            .compression(schedule.compress() ? Compression.ZLIB_STREAM : Compression.NONE)
            .scheduler(clock)
            .jitter(jitter::nextDouble)
            .eventBuffer(1 << 16, OverflowPolicy.ERROR)
            .transport(sim)
            .build();
  }

  /** Runs the steps, heals every fault, lets the client settle, and sends a few last events. */
  ScheduleRun run() {
    // Everything runs as a task of the virtual clock, as on an event loop: never re-entrantly.
    clock.schedule(this::start);
    for (FaultSchedule.Step step : schedule.steps()) {
      clock.advanceTimeBy(Duration.ofMillis(step.waitMillis()));
      clock.schedule(() -> apply(step));
    }
    clock.schedule(this::heal);
    clock.advanceTimeBy(Duration.ofMinutes(6));
    clock.schedule(() -> sim.dispatch(0, "MESSAGE_CREATE"));
    clock.schedule(() -> sim.dispatch(0, "TYPING_START"));
    clock.advanceTimeBy(Duration.ofMinutes(1));
    long slowTotal = schedule.slowMillis() * (totalDispatched() + 10);
    clock.advanceTimeBy(Duration.ofMillis(slowTotal));
    return this;
  }

  private void start() {
    subscriptions.add(client.state().subscribe(states::add));
    Flux<RawEvent> raw = client.raw();
    if (schedule.slowMillis() > 0) {
      raw = raw.delayElements(Duration.ofMillis(schedule.slowMillis()), clock);
    }
    subscriptions.add(raw.subscribe(this::deliver, e -> undelivered.add("raw() failed: " + e)));
    subscriptions.add(
        client.connect().subscribe(null, e -> connectError = e, () -> connectCompleted = true));
  }

  /** Ends the run: cancels the subscriptions and the client's timers. */
  void dispose() {
    subscriptions.forEach(Disposable::dispose);
    clock.dispose();
  }

  private long totalDispatched() {
    return sim.sessions.values().stream().mapToLong(SimSession::last).sum();
  }

  private void deliver(RawEvent event) {
    String session = SimSession.idOf(event.json());
    if (session == null) {
      undelivered.add("an event without a session: " + event.json());
      return;
    }
    delivered.computeIfAbsent(session, k -> new ArrayList<>()).add(event.meta().sequence());
  }

  private void heal() {
    faults.heal();
    sim.connections.forEach(sim::hello);
  }

  private void apply(FaultSchedule.Step step) {
    SimConnection open = sim.open(0);
    long arg = step.arg();
    switch (step.kind()) {
      case DISPATCH -> {
        for (int i = 0; i < arg; i++) {
          sim.dispatch(0, i % 3 == 0 ? "TYPING_START" : "MESSAGE_CREATE");
        }
      }
      case DROP -> {
        if (open != null) {
          open.end(-1);
        }
      }
      case CLOSE -> {
        if (open != null) {
          sim.close(open, (int) arg);
        }
      }
      case RECONNECT -> {
        if (open != null) {
          open.push("{\"t\":null,\"s\":null,\"op\":7,\"d\":null}");
        }
      }
      case INVALID_SESSION -> {
        if (open != null) {
          sim.invalidSession(open, arg == 1);
        }
      }
      case RECONNECT_BEFORE_HELLO -> faults.reconnectBeforeHello = arg == 1;
      case REQUEST_HEARTBEAT -> {
        if (open != null) {
          open.push("{\"t\":null,\"s\":null,\"op\":1,\"d\":null}");
        }
      }
      case ACKS -> {
        faults.acks =
            arg < 0
                ? SimFaults.Acks.STOPPED
                : arg == 0 ? SimFaults.Acks.NORMAL : SimFaults.Acks.DELAYED;
        faults.ackDelayMillis = Math.max(0, arg);
      }
      case HELLO -> {
        faults.helloSilent = arg < 0;
        faults.helloDelayMillis = Math.max(0, arg);
        if (arg == 0) {
          sim.connections.forEach(sim::hello); // a late Hello for connections still waiting
        }
      }
      case READY -> {
        faults.readySilent = arg < 0;
        faults.readyDelayMillis = Math.max(0, arg);
      }
      case RESUMED -> {
        faults.resumedSilent = arg < 0;
        faults.resumedDelayMillis = Math.max(0, arg);
      }
      case IDENTIFY_REFUSED -> faults.identifyRefused = arg == 1;
      case REPLAY_OVERLAP -> faults.replayOverlap = (int) arg;
      case REPLAY_DUPLICATES -> faults.replayDuplicates = arg == 1;
      case OMIT_RESUME_URL -> faults.omitResumeUrl = arg == 1;
      case EXPIRE -> sim.expire(0);
      case MALFORMED, CORRUPT_ZLIB -> {
        if (open != null && open.helloSent) {
          open.pushCorrupt(step.kind() == FaultSchedule.Kind.CORRUPT_ZLIB);
        }
      }
      case OUTAGE -> faults.refuse = arg == 1;
      case SEND -> send();
      case USER_CLOSE, USER_CLOSE_RESUMABLE -> userClose(step.kind());
    }
  }

  private void send() {
    int index = sends.size();
    sends.add(Outcome.PENDING);
    subscriptions.add(
        client
            .send(RequestGuildMembers.byPrefix(Snowflake.of(1), "n" + index, 1))
            .subscribe(
                null,
                e -> {
                  sends.set(index, Outcome.FAILED);
                  sendErrors.add(e);
                },
                () -> sends.set(index, Outcome.WRITTEN)));
  }

  private void userClose(FaultSchedule.Kind kind) {
    if (userClose != 0) {
      return;
    }
    userClose = kind == FaultSchedule.Kind.USER_CLOSE ? 1 : 2;
    connectionsAtClose = sim.connections.size();
    subscriptions.add(
        kind == FaultSchedule.Kind.USER_CLOSE
            ? client.close().subscribe()
            : client.closeResumable().subscribe());
  }
}
