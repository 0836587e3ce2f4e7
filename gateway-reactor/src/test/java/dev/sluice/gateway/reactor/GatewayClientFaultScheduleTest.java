package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

  @BeforeEach
  void captureDroppedErrors() {
    Hooks.onErrorDropped(dropped::add);
  }

  @AfterEach
  void resetHooks() {
    Hooks.resetOnErrorDropped();
  }

  @Test
  void everyScheduleKeepsTheInvariants() {
    FaultSeeds.runAll(NAME, FaultSeeds.seeds(10_000), this::check);
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
