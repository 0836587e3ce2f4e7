package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;

/**
 * 10,000 random fault schedules (issue 16) through one {@link GatewayClient} against the simulated
 * Discord, in virtual time: {@link FaultSchedule} says what goes wrong and when, {@link
 * ScheduleChecks} what must hold afterwards. Replay one with {@code -Dsluice.faults.seed=S}; the
 * {@code faults-long} profile runs 100,000.
 */
class GatewayClientFaultScheduleTest {

  static final String NAME = "GatewayClientFaultScheduleTest";
  final List<Throwable> dropped = new ArrayList<>();
  final FaultTally tally = new FaultTally();

  @BeforeEach
  void captureDroppedErrors() {
    Hooks.onErrorDropped(dropped::add);
  }

  @AfterEach
  void resetHooks() {
    Hooks.resetOnErrorDropped();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // the faults-long profile, a loaded machine
  void everyScheduleKeepsTheInvariants() {
    long[] seeds = FaultSeeds.seeds(10_000);
    FaultSeeds.runAll(NAME, seeds, this::check);
    tally.report(
        seeds.length,
        "resumed",
        "disconnect ZOMBIE",
        "disconnect HELLO_TIMEOUT",
        "disconnect READY_TIMEOUT",
        "disconnect PROTOCOL_ERROR",
        "disconnect RECONNECT_REQUESTED",
        "disconnect CONNECTION_LOST",
        "disconnect SERVER_CLOSED",
        "disconnect op 9 true",
        "session lost: op 9 false",
        "session lost: reidentify 4003",
        "session lost: reidentify 4007",
        "session lost: reidentify 4009",
        "session lost: READY_TIMEOUT",
        "session lost: Fatal",
        "fatally closed",
        "closed",
        "closed resumably",
        "slow subscriber",
        "zlib-stream");
  }

  @Test
  void aScheduleIsTheSameForTheSameSeed() {
    assertThat(FaultSchedule.generate(42)).isEqualTo(FaultSchedule.generate(42));
    assertThat(FaultSchedule.generate(42)).isNotEqualTo(FaultSchedule.generate(43));
    ScheduleRun first = new ScheduleRun(FaultSchedule.generate(7)).run();
    ScheduleRun again = new ScheduleRun(FaultSchedule.generate(7)).run();
    assertThat(again.delivered).isEqualTo(first.delivered);
    assertThat(again.states).isEqualTo(first.states);
    first.dispose();
    again.dispose();
  }

  private String check(long seed) {
    dropped.clear();
    FaultSchedule schedule = FaultSchedule.generate(seed);
    ScheduleRun run = new ScheduleRun(schedule).run();
    tally.add(run);
    try {
      List<String> problems = new ArrayList<>(ScheduleChecks.of(run));
      dropped.forEach(e -> problems.add("error dropped by Reactor: " + e));
      if (problems.isEmpty()) {
        return null;
      }
      return String.join("\n  ", problems)
          + "\n  "
          + schedule
          + "\n  states: "
          + run.states
          + "\n  connections: "
          + run.sim.connections.size();
    } finally {
      run.dispose();
    }
  }
}
