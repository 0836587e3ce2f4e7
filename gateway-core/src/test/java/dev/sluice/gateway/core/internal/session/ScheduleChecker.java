package dev.sluice.gateway.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.session.Action.Dispatch;
import dev.sluice.gateway.core.internal.session.Action.End;
import dev.sluice.gateway.core.internal.session.Action.Ready;
import dev.sluice.gateway.core.internal.session.Action.SendHeartbeat;
import dev.sluice.gateway.core.internal.session.Action.SendIdentify;
import dev.sluice.gateway.core.internal.session.Action.SendResume;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives connections of one shard through a schedule of server, timer and user steps, reconnecting
 * as the client would, and checks every transition against the session rules. A failure names the
 * step and the schedule up to it.
 */
final class ScheduleChecker {

  /**
   * One thing the server (or the timer, or the user) does, with its weight in a generated schedule;
   * sequence numbers are chosen by the checker.
   */
  enum Step {
    HELLO(6),
    READY(4),
    DISPATCH(20),
    DISPATCH_WITHOUT_S(2),
    REPLAYED_OLD_DISPATCH(3),
    RESUMED(3),
    TICK(10),
    ACK(8),
    HEARTBEAT_REQUEST(2),
    RECONNECT(2),
    INVALID_SESSION_TRUE(1),
    INVALID_SESSION_FALSE(1),
    CLOSE_RESUMABLE(1),
    CLOSE_NEW_SESSION(1),
    CLOSE_FATAL(1),
    DROP(1),
    USER_CLOSE_RESUMABLE(1);

    final int weight;

    Step(int weight) {
      this.weight = weight;
    }
  }

  private final ShardInfo shard = ShardInfo.of(0, 1);
  private ConnectionState state = ConnectionState.start(shard, null);
  private long serverSeq; // what the fake server numbers the next dispatch of the session from
  private long expectedSeq = -1; // the highest s this session has seen, as the client must keep it
  private int handshakesThisConnection;
  private int readiesThisConnection;
  private boolean beatUnacked; // a timer beat of this connection is waiting for its ACK
  private int sessionCounter;
  private final List<String> done = new ArrayList<>();

  /** Runs the schedule; an assertion that fails names the step and what came before it. */
  void run(List<Step> schedule) {
    for (Step step : schedule) {
      done.add(step.name());
      try {
        take(step);
      } catch (AssertionError e) {
        throw new AssertionError(
            "at step " + done.size() + " of " + schedule + ": " + e.getMessage(), e);
      }
    }
  }

  private void take(Step step) {
    if (state.isEnded()) {
      DisconnectReason reason = state.endReason();
      if (!reason.canReconnect()) {
        assertThat(SessionMachine.next(state, input(step)).actions())
            .as("no action after %s", reason)
            .isEmpty();
        return;
      }
      state = ConnectionState.start(shard, state.session().orElse(null));
      handshakesThisConnection = 0;
      readiesThisConnection = 0;
      beatUnacked = false;
      done.add("(reconnect)");
      if (state.sessionId() == null) {
        expectedSeq = -1;
      }
    }
    apply(input(step));
  }

  private Input input(Step step) {
    return switch (step) {
      case HELLO -> Frames.hello();
      case READY -> Frames.ready(++serverSeq, "session-" + (++sessionCounter));
      case DISPATCH -> Frames.dispatch(++serverSeq, "MESSAGE_CREATE");
      case DISPATCH_WITHOUT_S ->
          Input.received(GatewayCodec.decode("{\"op\":0,\"t\":\"RATE_LIMITED\",\"d\":{}}"));
      case REPLAYED_OLD_DISPATCH -> Frames.dispatch(Math.max(0, serverSeq - 3), "MESSAGE_CREATE");
      case RESUMED -> Frames.resumed(++serverSeq);
      case TICK -> Input.tick();
      case ACK -> Frames.ack();
      case HEARTBEAT_REQUEST -> Frames.heartbeatRequest();
      case RECONNECT -> Frames.reconnect();
      case INVALID_SESSION_TRUE -> Frames.invalidSession(true);
      case INVALID_SESSION_FALSE -> Frames.invalidSession(false);
      case CLOSE_RESUMABLE -> Frames.closed(4000);
      case CLOSE_NEW_SESSION -> Frames.closed(4009);
      case CLOSE_FATAL -> Frames.closed(4004);
      case DROP -> Frames.closed(-1);
      case USER_CLOSE_RESUMABLE -> new Input.CloseRequested(true);
    };
  }

  private void apply(Input input) {
    ConnectionState before = state;
    Transition t = SessionMachine.next(before, input);
    state = t.state();
    List<Action> actions = t.actions();
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      if (action instanceof SendHeartbeat beat) {
        assertThat(beat.sequence()).as("heartbeat carries the latest s").isEqualTo(expectedSeq);
        if (!beat.requested()) {
          assertThat(beatUnacked).as("no timer beat while the last is un-ACKed (zombie)").isFalse();
          beatUnacked = true;
        }
      } else if (action instanceof Action.HeartbeatAcked) {
        beatUnacked = false;
      } else if (action instanceof SendResume resume) {
        assertThat(before.sessionId()).as("resume needs a session").isNotNull();
        assertThat(resume.session().sessionId()).isEqualTo(before.sessionId());
        assertThat(resume.session().sequence()).isEqualTo(Math.max(expectedSeq, 0));
        handshakesThisConnection++;
      } else if (action instanceof SendIdentify) {
        handshakesThisConnection++;
        expectedSeq = -1;
      } else if (action instanceof Dispatch dispatch) {
        if (dispatch.payload().hasSequence()) {
          assertThat(dispatch.payload().sequence())
              .as("a dispatch is delivered once, in order")
              .isGreaterThan(expectedSeq);
          expectedSeq = dispatch.payload().sequence();
        }
        boolean announced = i + 1 < actions.size() && actions.get(i + 1) instanceof Ready;
        String type = dispatch.payload().type();
        boolean answer =
            "READY".equals(type) || "RESUMED".equals(type) && state.sessionId() != null;
        if (answer && (before.phase() == Phase.IDENTIFYING || before.phase() == Phase.RESUMING)) {
          assertThat(announced).as("the answer to the handshake announces readiness").isTrue();
        }
      } else if (action instanceof Ready ready) {
        checkReady(ready, i == 0 ? null : actions.get(i - 1));
      } else if (action instanceof End end) {
        checkEnd(end, before, i == actions.size() - 1);
      }
    }
    assertThat(handshakesThisConnection)
        .as("one Identify or Resume per connection")
        .isLessThanOrEqualTo(1);
    if (before.sessionId() != null && before.sessionId().equals(state.sessionId())) {
      assertThat(state.sequence())
          .as("sequence never decreases within a session")
          .isGreaterThanOrEqualTo(before.sequence());
    }
    if (state.sessionId() != null) {
      assertThat(state.sequence()).isEqualTo(expectedSeq);
    }
  }

  /**
   * Readiness: once per connection, right after the READY or RESUMED it follows, with its session.
   */
  private void checkReady(Ready ready, Action previous) {
    readiesThisConnection++;
    assertThat(readiesThisConnection)
        .as("readiness is announced at most once per connection")
        .isEqualTo(1);
    assertThat(handshakesThisConnection)
        .as("readiness answers this connection's Identify or Resume")
        .isEqualTo(1);
    assertThat(previous)
        .as("readiness follows the dispatch that made the connection ready")
        .isInstanceOf(Dispatch.class);
    String type = ((Dispatch) previous).payload().type();
    assertThat(type).as("readiness follows READY or RESUMED").isIn("READY", "RESUMED");
    assertThat(ready.resumed()).as("resumed iff RESUMED").isEqualTo(type.equals("RESUMED"));
    assertThat(ready.session().sessionId())
        .as("the ready session is the live one")
        .isEqualTo(state.sessionId())
        .isNotNull();
    assertThat(ready.session().sequence()).isEqualTo(Math.max(expectedSeq, 0));
    assertThat(state.phase()).isEqualTo(Phase.CONNECTED);
  }

  private void checkEnd(End end, ConnectionState before, boolean last) {
    assertThat(last).as("End is the last action").isTrue();
    assertThat(before.isEnded()).isFalse();
    if (end.reason() instanceof DisconnectReason.Fatal) {
      assertThat(end.reason().canReconnect()).isFalse();
      assertThat(state.session()).isEmpty();
    }
    if (!end.reason().keepsSession()) {
      assertThat(state.session()).isEmpty();
    }
  }
}
