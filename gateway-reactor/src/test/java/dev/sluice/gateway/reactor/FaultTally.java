package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many schedules reached each outcome worth reaching (a Resume, a lost session, a zombie, a
 * fatal close, ...), printed after a run and required of a large one: a generator that stopped
 * producing some fault would fail here instead of passing quietly.
 */
final class FaultTally {

  private final Map<String, Integer> counts = new TreeMap<>();

  void add(ScheduleRun run) {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    add(run, seen);
    seen.forEach(what -> counts.merge(what, 1, Integer::sum));
  }

  private static void add(ScheduleRun run, java.util.Set<String> seen) {
    boolean resumed = false;
    for (GatewayState state : run.states) {
      if (state instanceof GatewayState.Ready ready && ready.resumed()) {
        resumed = true;
      } else if (state instanceof GatewayState.Disconnected d) {
        seen.add("disconnect " + cause(d.reason()));
      } else if (state instanceof GatewayState.SessionLost lost) {
        seen.add("session lost: " + cause(lost.reason()));
      } else if (state instanceof GatewayState.FatallyClosed) {
        seen.add("fatally closed");
      } else if (state instanceof GatewayState.Closed closed) {
        seen.add(closed.session() == null ? "closed" : "closed resumably");
      }
    }
    if (resumed) {
      seen.add("resumed");
    }
    if (run.schedule.compress()) {
      seen.add("zlib-stream");
    }
    if (run.schedule.slowMillis() > 0) {
      seen.add("slow subscriber");
    }
  }

  private static String cause(DisconnectReason reason) {
    if (reason instanceof DisconnectReason.Resumable r) {
      return r.cause().toString();
    } else if (reason instanceof DisconnectReason.Reidentify r) {
      return "reidentify " + r.closeCode();
    } else if (reason instanceof DisconnectReason.InvalidSession i) {
      return "op 9 " + i.resumable();
    }
    return String.valueOf(reason == null ? null : reason.getClass().getSimpleName());
  }

  /** Prints the tally; for a run of 1,000 schedules or more, every outcome must have happened. */
  void report(int schedules, String... required) {
    System.out.println("outcomes (schedules with at least one, of " + schedules + "): " + counts);
    if (schedules >= 1_000) {
      for (String outcome : required) {
        assertThat(counts.keySet()).as("schedules reaching %s", outcome).contains(outcome);
      }
    }
  }
}
