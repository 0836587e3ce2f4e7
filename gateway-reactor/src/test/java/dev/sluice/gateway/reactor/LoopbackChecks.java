package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Frame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants of a {@link LoopbackFaultScheduleTest.Run}, as far as real sockets let them be
 * exact: every event is delivered at most once and in order, and one that is missing was either
 * never taken by a session or followed by a reported {@link GatewayState.SessionLost} (or the
 * user's close); a fatal close is final; the client ends as the script says; no Identify while it
 * holds a session not reported lost; every heartbeat carries a sequence the fake had sent (or a
 * Resume's), never decreasing on a connection; sends fail only with CONNECTION.
 */
final class LoopbackChecks {

  private final LoopbackFaultScheduleTest.Run run;
  private final List<String> problems = new ArrayList<>();

  LoopbackChecks(LoopbackFaultScheduleTest.Run run) {
    this.run = run;
  }

  /** Null when every invariant holds, else the problems with the schedule and what happened. */
  String problems() {
    delivery();
    ending();
    identifies();
    heartbeats();
    for (Throwable e : run.sendErrors) {
      if (!(e instanceof GatewayException g) || g.kind() != GatewayException.Kind.CONNECTION) {
        problems.add("send failed with " + e);
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    return String.join("\n  ", problems)
        + "\n  "
        + run.schedule
        + "\n  states: "
        + run.states
        + "\n  delivered: "
        + run.delivered;
  }

  private void delivery() {
    List<Integer> got = run.delivered;
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i) <= got.get(i - 1)) {
        problems.add("event " + got.get(i) + " delivered after " + got.get(i - 1));
      }
    }
    Set<Integer> seen = new HashSet<>(got);
    boolean closed = run.userClose != 0;
    for (long[] d : run.dispatched) {
      int n = (int) d[0];
      if (!seen.contains(n) && d[1] != 0 && !closed && !mayBeLost(d[2])) {
        problems.add("event " + n + " (taken by " + d[1] + " session) was never delivered");
      }
    }
  }

  /**
   * Whether an event dispatched at {@code nanos} may be lost: a session was reported lost after it,
   * or it came after a loss and before the next READY (the fake may have logged it to a session the
   * client never learnt of, or to the lost one: the client cannot get those events).
   */
  private boolean mayBeLost(long nanos) {
    long lastLoss = -1;
    long lastReady = -1;
    for (int i = 0; i < run.states.size(); i++) {
      GatewayState state = run.states.get(i);
      long at = run.stateTimes.get(i);
      if (state instanceof GatewayState.SessionLost) {
        if (at > nanos) {
          return true;
        }
        lastLoss = at;
      } else if (state instanceof GatewayState.Ready ready && !ready.resumed() && at <= nanos) {
        lastReady = at;
      }
    }
    return lastLoss >= 0 && lastReady < lastLoss;
  }

  private void ending() {
    GatewayState last = run.states.isEmpty() ? null : run.states.get(run.states.size() - 1);
    if (run.fatallyClosed()) {
      if (!(run.connectError.get() instanceof GatewayException e)
          || e.kind() != GatewayException.Kind.FATAL_CLOSE) {
        problems.add("connect() after a fatal close: " + run.connectError.get());
      }
      Instant fatal =
          run.fake.transcript().closings().stream()
              .filter(c -> !c.byClient() && c.code().isPresent())
              .filter(c -> FaultSchedule.isFatal(c.code().getAsInt()))
              .map(Frame.Closed::at)
              .reduce((first, second) -> second)
              .orElse(null); // the fatal close the client took: the last one
      if (fatal != null
          && run.fake.transcript().openings().stream().anyMatch(o -> o.at().isAfter(fatal))) {
        problems.add("a connection was opened after the fatal close");
      }
      return;
    }
    if (run.userClose != 0) {
      if (!(last instanceof GatewayState.Closed closed)) {
        problems.add("ended in " + last + " after close()");
      } else if (run.userClose == 1 && closed.session() != null) {
        problems.add("close() left a session: " + closed);
      }
      return;
    }
    if (!(last instanceof GatewayState.Ready)) {
      problems.add("ended in " + last + ", expected Ready");
    }
    if (run.connectError.get() != null || run.connectCompleted) {
      problems.add("connect() ended: " + run.connectError.get());
    }
  }

  /**
   * Never an Identify where a Resume would do: once READY or RESUMED gave the client a session, its
   * next Identify comes only after that session was reported lost. And the fake started no more
   * sessions than the client asked for.
   */
  private void identifies() {
    boolean holding = false;
    long identifying = 0;
    for (GatewayState state : run.states) {
      if (state instanceof GatewayState.Ready) {
        holding = true;
      } else if (state instanceof GatewayState.SessionLost) {
        holding = false;
      } else if (state instanceof GatewayState.Identifying) {
        identifying++;
        if (holding) {
          problems.add("an Identify while the session was neither resumed nor reported lost");
        }
      }
    }
    if (run.fake.sessionsStarted() > identifying) {
      problems.add(run.fake.sessionsStarted() + " sessions started, " + identifying + " asked for");
    }
  }

  private void heartbeats() {
    // Before its Resume, a connection's heartbeat carries what the client received on an earlier
    // one: any sequence sent so far will do, but nothing the fake never sent.
    Set<Long> seqs = new HashSet<>();
    Map<Integer, Long> lastBeat = new HashMap<>();
    for (Frame frame : run.fake.transcript().all()) {
      if (!(frame instanceof Frame.Payload p)) {
        continue;
      }
      if (!p.fromClient()) {
        p.sequence().ifPresent(seqs::add);
      } else if (p.opcode() == Opcode.RESUME) {
        seqs.add(p.dataTree().get("seq").asLong());
      } else if (p.opcode() == Opcode.HEARTBEAT) {
        String d = p.data();
        long carried = "null".equals(d) ? -1 : Long.parseLong(d);
        if (carried >= 0 && !seqs.contains(carried)) {
          problems.add("connection " + p.connection() + ": heartbeat " + d + " never sent");
        }
        Long before = lastBeat.put(p.connection(), carried);
        if (before != null && carried < before) {
          problems.add("connection " + p.connection() + ": heartbeat " + d + " after " + before);
        }
      }
    }
  }
}
