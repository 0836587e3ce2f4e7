package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.model.GatewayBot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The identify rules under random faults (issue 16): a {@link ShardGroup} of 3–6 shards with {@code
 * max_concurrency} 2 and a small session budget with a reserve, on the simulated Discord in virtual
 * time, while sessions are lost at random (op 9, 4003/4007/4009, drops, op 7, silent READYs). After
 * each schedule: no two Identifies of one bucket within 5 s, none past the budget's reserve, each
 * shard Ready or visibly waiting for the budget, every session's dispatches delivered once and in
 * order. 500 schedules; {@code -Dsluice.faults.groupCount=N} for more, {@code
 * -Dsluice.faults.seed=S} replays one.
 */
class ShardGroupFaultScheduleTest {

  static final String NAME = "ShardGroupFaultScheduleTest";
  static final long WINDOW_NANOS = Duration.ofSeconds(5).toNanos();
  static final int[] ENDINGS = {4003, 4007, 4009, 4000, 4008};

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // the faults-long profile, a loaded machine
  void identifiesKeepTheBucketWindowAndTheBudgetReserveUnderFaults() {
    FaultSeeds.runAll(
        NAME, FaultSeeds.seeds(500, "sluice.faults.groupCount"), ShardGroupFaultScheduleTest::run);
  }

  static String run(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int shards = 3 + r.nextInt(4);
    int remaining = shards + r.nextInt(12);
    int reserve = r.nextInt(4);
    long margin = r.nextInt(500);
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    SimFaults faults = new SimFaults();
    faults.heartbeatMillis = 5_000 + r.nextInt(40_000);
    SimDiscord sim = new SimDiscord(clock, faults, r.split());
    SplittableRandom jitter = r.split();
    ShardGroup group =
        ShardGroup.builder(BotToken.of("MTAw.group.test"))
            .gatewayBot(
                new GatewayBot(
                    SimDiscord.GATEWAY,
                    shards,
                    new GatewayBot.SessionStartLimit(1000, remaining, 86_400_000L, 2)))
            .sessionReserve(reserve)
            .identifyMargin(Duration.ofMillis(margin))
            .scheduler(clock)
            .eachShard(b -> b.compression(Compression.NONE).jitter(jitter::nextDouble))
            .transport(sim)
            .build();
    Map<Integer, GatewayState> last = new HashMap<>();
    Map<String, List<Long>> delivered = new HashMap<>();
    List<Disposable> running = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    try {
      clock.schedule(
          () -> {
            running.add(group.states().subscribe(s -> last.put(s.shard().id(), s.state())));
            running.add(
                group
                    .raw()
                    .subscribe(
                        e ->
                            delivered
                                .computeIfAbsent(SimSession.idOf(e.json()), k -> new ArrayList<>())
                                .add(e.meta().sequence())));
            running.add(group.connect().subscribe(null, e -> steps.add("connect() failed: " + e)));
          });
      int count = 10 + r.nextInt(30);
      for (int i = 0; i < count; i++) {
        clock.advanceTimeBy(Duration.ofMillis(r.nextInt(4) == 0 ? r.nextInt(60_000) : 500));
        String step = step(r, sim, faults, shards);
        steps.add(step);
      }
      clock.schedule(
          () -> {
            faults.heal();
            sim.connections.forEach(sim::hello);
          });
      clock.advanceTimeBy(Duration.ofMinutes(10));
      List<String> problems = new ArrayList<>(sim.violations);
      problems.addAll(identifyRules(sim, remaining - reserve));
      problems.addAll(endings(sim, last, shards, remaining - reserve));
      delivered.forEach(
          (session, seqs) -> {
            for (int i = 0; i < seqs.size(); i++) {
              if (seqs.get(i) != i + 1) {
                problems.add("session " + session + ": delivered " + seqs);
                break;
              }
            }
          });
      if (problems.isEmpty()) {
        return null;
      }
      return String.join("\n  ", problems)
          + String.format(
              "%n  %d shards, budget %d, reserve %d, margin %d ms; Identifies %s; steps %s; states %s",
              shards, remaining, reserve, margin, sim.identifies, steps, last);
    } finally {
      running.forEach(Disposable::dispose);
      clock.dispose();
    }
  }

  /** One fault at a random open connection (or a dispatch to a random shard); its description. */
  private static String step(SplittableRandom r, SimDiscord sim, SimFaults faults, int shards) {
    List<SimConnection> open = sim.openConnections();
    SimConnection c = open.isEmpty() ? null : open.get(r.nextInt(open.size()));
    int roll = r.nextInt(10);
    if (roll < 3) {
      int shard = r.nextInt(shards);
      int n = 1 + r.nextInt(5);
      sim.clock.schedule(
          () -> {
            for (int i = 0; i < n; i++) {
              sim.dispatch(shard, "MESSAGE_CREATE");
            }
          });
      return "dispatch to " + shard + " x" + n;
    } else if (roll == 3) {
      faults.readySilent = r.nextInt(3) == 0;
      return "ready silent " + faults.readySilent;
    } else if (c == null) {
      return "nothing open";
    } else if (roll < 6) {
      boolean resumable = r.nextInt(3) == 0;
      sim.clock.schedule(() -> sim.invalidSession(c, resumable));
      return "op 9 " + resumable + " on " + c.id;
    } else if (roll < 8) {
      int code = ENDINGS[r.nextInt(ENDINGS.length)];
      sim.clock.schedule(() -> sim.close(c, code));
      return "close " + code + " on " + c.id;
    } else if (roll == 8) {
      sim.clock.schedule(() -> c.end(-1));
      return "drop " + c.id;
    }
    sim.clock.schedule(() -> c.push("{\"t\":null,\"s\":null,\"op\":7,\"d\":null}"));
    return "op 7 on " + c.id;
  }

  /** No two Identifies of a bucket within the window; no more than the budget allows. */
  static List<String> identifyRules(SimDiscord sim, int allowed) {
    List<String> problems = new ArrayList<>();
    Map<Integer, List<Long>> buckets = new HashMap<>();
    int total = 0;
    for (var e : sim.identifies.entrySet()) {
      buckets.computeIfAbsent(e.getKey() % 2, k -> new ArrayList<>()).addAll(e.getValue());
      total += e.getValue().size();
    }
    for (var e : buckets.entrySet()) {
      List<Long> times = e.getValue();
      times.sort(null);
      for (int i = 1; i < times.size(); i++) {
        if (times.get(i) - times.get(i - 1) < WINDOW_NANOS) {
          problems.add(
              String.format(
                  "bucket %d: Identifies %d ms apart",
                  e.getKey(), (times.get(i) - times.get(i - 1)) / 1_000_000));
        }
      }
    }
    if (total > allowed) {
      problems.add(total + " Identifies, the budget without its reserve allows " + allowed);
    }
    return problems;
  }

  /** Each shard ends Ready, or waiting for the budget when it is spent down to the reserve. */
  private static List<String> endings(
      SimDiscord sim, Map<Integer, GatewayState> last, int shards, int allowed) {
    int total = sim.identifies.values().stream().mapToInt(List::size).sum();
    List<String> problems = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      GatewayState state = last.get(shard);
      boolean waiting =
          state instanceof GatewayState.AwaitingIdentify a
              && a.reason() == IdentifyWait.Reason.BUDGET_EXHAUSTED;
      if (!(state instanceof GatewayState.Ready) && !(waiting && total >= allowed)) {
        problems.add("shard " + shard + " ended in " + state);
      }
    }
    return problems;
  }
}
