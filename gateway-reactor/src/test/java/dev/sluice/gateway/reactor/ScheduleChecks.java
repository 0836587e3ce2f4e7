package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants of a {@link ScheduleRun}, each a sentence when it does not hold:
 *
 * <ul>
 *   <li>what the simulated server saw is right ({@link SimDiscord#violations}: heartbeats with the
 *       latest sequence, one handshake per connection, Identify only on the gateway URL, no user
 *       command before READY/RESUMED, no Resume beyond what was sent);
 *   <li>every dispatch of a session is delivered exactly once and in order: what subscribers got of
 *       a session is a prefix of what the server dispatched on it;
 *   <li>the session the client ends on got everything; any other session it knew of was either
 *       reported as {@link GatewayState.SessionLost} with the last sequence delivered (exactly
 *       once), or given up by the user's close;
 *   <li>a fatal close is final: {@link GatewayState.FatallyClosed}, {@code connect()} fails with
 *       FATAL_CLOSE, no connection after it; the user's close ends in {@link GatewayState.Closed},
 *       no connection after it; otherwise the client ends Ready on the server's current session;
 *   <li>a send that completed reached the server; none is left pending (after a close it fails).
 * </ul>
 */
final class ScheduleChecks {

  private final ScheduleRun run;
  private final List<String> problems = new ArrayList<>();

  private ScheduleChecks(ScheduleRun run) {
    this.run = run;
  }

  /** The problems of a run; empty when every invariant holds. */
  static List<String> of(ScheduleRun run) {
    ScheduleChecks checks = new ScheduleChecks(run);
    checks.problems.addAll(run.sim.violations);
    checks.problems.addAll(run.undelivered);
    checks.delivery();
    checks.ending();
    checks.sends();
    return checks.problems;
  }

  private void delivery() {
    Map<String, List<Long>> lost = new HashMap<>();
    for (GatewayState state : run.states) {
      if (state instanceof GatewayState.SessionLost l) {
        lost.computeIfAbsent(l.session().sessionId(), k -> new ArrayList<>())
            .add(l.session().sequence());
      }
    }
    String finalSession = finalSession();
    String lastKnown = null;
    for (int n = 1; run.sim.sessions.containsKey("s" + n); n++) {
      SimSession s = run.sim.sessions.get("s" + n);
      List<Long> got = run.delivered.getOrDefault(s.id, List.of());
      for (int i = 0; i < got.size(); i++) {
        if (got.get(i) != i + 1) {
          problems.add(
              "session " + s.id + ": delivered " + got + " is not 1, 2, ... of " + s.last());
          break;
        }
      }
      if (got.size() > s.last()) {
        problems.add("session " + s.id + ": delivered " + got.size() + " of " + s.last());
      }
      List<Long> reports = lost.getOrDefault(s.id, List.of());
      if (reports.size() > 1) {
        problems.add("session " + s.id + " reported lost " + reports.size() + " times");
      }
      if (!reports.isEmpty() && reports.get(0) != got.size()) {
        problems.add(
            "session " + s.id + " lost at seq " + reports.get(0) + ", delivered " + got.size());
      }
      if (!got.isEmpty()) {
        lastKnown = s.id;
      }
    }
    for (SimSession s : run.sim.sessions.values()) {
      int got = run.delivered.getOrDefault(s.id, List.of()).size();
      boolean reported = lost.containsKey(s.id);
      if (s.id.equals(finalSession)) {
        if (got != s.last() || reported) {
          problems.add(
              "final session "
                  + s.id
                  + ": delivered "
                  + got
                  + " of "
                  + s.last()
                  + (reported ? ", reported lost" : ""));
        }
      } else if (got > 0 && !reported && !(run.userClose != 0 && s.id.equals(lastKnown))) {
        problems.add(
            "session "
                + s.id
                + " (delivered "
                + got
                + " of "
                + s.last()
                + ") was left without a SessionLost");
      }
    }
  }

  /** The session the client must end Ready on, or null when it ends closed. */
  private String finalSession() {
    if (run.userClose != 0 || run.sim.fatalAt.containsKey(0)) {
      return null;
    }
    SimSession s = run.sim.currentSession(0);
    return s == null ? null : s.id;
  }

  private void ending() {
    GatewayState last = run.states.isEmpty() ? null : run.states.get(run.states.size() - 1);
    Long fatal = run.sim.fatalAt.get(0);
    if (fatal != null) {
      if (run.sim.connections.stream().anyMatch(c -> c.openedNanos > fatal)) {
        problems.add("a connection was opened after the fatal close");
      }
      if (run.states.stream().noneMatch(GatewayState.FatallyClosed.class::isInstance)) {
        problems.add("fatal close without FatallyClosed; last state " + last);
      }
      if (!(run.connectError instanceof GatewayException e)
          || e.kind() != GatewayException.Kind.FATAL_CLOSE) {
        problems.add("connect() after a fatal close: " + run.connectError);
      }
      if (run.userClose == 0 && !(last instanceof GatewayState.FatallyClosed)) {
        problems.add("ended in " + last + " after a fatal close");
      }
      return;
    }
    if (run.userClose != 0) {
      if (run.sim.connections.size() != run.connectionsAtClose) {
        problems.add("a connection was opened after close()");
      }
      if (!(last instanceof GatewayState.Closed closed)) {
        problems.add("ended in " + last + " after close()");
      } else if (run.userClose == 1 && closed.session() != null) {
        problems.add("close() left a session: " + closed);
      }
      if (!run.connectCompleted) {
        problems.add("connect() did not complete after close(): " + run.connectError);
      }
      return;
    }
    String expected = finalSession();
    if (!(last instanceof GatewayState.Ready ready)
        || !ready.session().sessionId().equals(expected)) {
      problems.add("ended in " + last + ", expected Ready on " + expected);
    }
    if (run.connectError != null || run.connectCompleted) {
      problems.add("connect() ended: " + run.connectError);
    }
  }

  private void sends() {
    boolean closed = run.userClose != 0 || run.sim.fatalAt.containsKey(0);
    for (int i = 0; i < run.sends.size(); i++) {
      ScheduleRun.Outcome outcome = run.sends.get(i);
      String query = "\"query\":\"n" + i + "\"";
      boolean arrived = run.sim.userCommands.stream().anyMatch(c -> c.contains(query));
      if (outcome == ScheduleRun.Outcome.WRITTEN && !arrived) {
        problems.add("send " + i + " completed but never reached the server");
      } else if (outcome == ScheduleRun.Outcome.PENDING) {
        problems.add(
            "send " + i + " still pending " + (closed ? "after the client closed" : "while ready"));
      }
    }
    for (Throwable e : run.sendErrors) {
      if (!(e instanceof GatewayException g) || g.kind() != GatewayException.Kind.CONNECTION) {
        problems.add("send failed with " + e);
      }
    }
  }
}
