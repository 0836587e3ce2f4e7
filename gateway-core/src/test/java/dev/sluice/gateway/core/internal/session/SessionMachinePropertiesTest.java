package dev.sluice.gateway.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.session.Action.Dispatch;
import dev.sluice.gateway.core.internal.session.Action.End;
import dev.sluice.gateway.core.internal.session.Action.SendHeartbeat;
import dev.sluice.gateway.core.internal.session.Action.SendIdentify;
import dev.sluice.gateway.core.internal.session.Action.SendResume;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of everything a gateway can do to a connection, across reconnects, checked
 * against the session rules that must always hold.
 */
class SessionMachineProperties {

  /**
   * One thing the server (or the timer, or the user) does; sequence numbers are chosen by the run.
   */
  enum Step {
    HELLO,
    READY,
    DISPATCH,
    DISPATCH_WITHOUT_S,
    REPLAYED_OLD_DISPATCH,
    RESUMED,
    TICK,
    ACK,
    HEARTBEAT_REQUEST,
    RECONNECT,
    INVALID_SESSION_TRUE,
    INVALID_SESSION_FALSE,
    CLOSE_RESUMABLE,
    CLOSE_NEW_SESSION,
    CLOSE_FATAL,
    DROP,
    USER_CLOSE_RESUMABLE
  }

  @Provide
  Arbitrary<List<Step>> schedules() {
    return Arbitraries.frequency(
            Tuple.of(6, Step.HELLO),
            Tuple.of(4, Step.READY),
            Tuple.of(20, Step.DISPATCH),
            Tuple.of(2, Step.DISPATCH_WITHOUT_S),
            Tuple.of(3, Step.REPLAYED_OLD_DISPATCH),
            Tuple.of(3, Step.RESUMED),
            Tuple.of(10, Step.TICK),
            Tuple.of(8, Step.ACK),
            Tuple.of(2, Step.HEARTBEAT_REQUEST),
            Tuple.of(2, Step.RECONNECT),
            Tuple.of(1, Step.INVALID_SESSION_TRUE),
            Tuple.of(1, Step.INVALID_SESSION_FALSE),
            Tuple.of(1, Step.CLOSE_RESUMABLE),
            Tuple.of(1, Step.CLOSE_NEW_SESSION),
            Tuple.of(1, Step.CLOSE_FATAL),
            Tuple.of(1, Step.DROP),
            Tuple.of(1, Step.USER_CLOSE_RESUMABLE))
        .list()
        .ofMinSize(1)
        .ofMaxSize(300);
  }

  @Property(tries = 2000)
  void sessionRulesHoldUnderAnyInterleaving(@ForAll("schedules") List<Step> schedule) {
    new Checker().run(schedule);
  }

  @Property(tries = 200)
  void longRunsOfDispatchesNeverLoseOrRepeatASequence(
      @ForAll @Size(min = 50, max = 500) List<@IntRange(min = 0, max = 9) Integer> noise) {
    Checker checker = new Checker();
    List<Step> steps =
        noise.stream()
            .map(
                n ->
                    switch (n) {
                      case 0 -> Step.RECONNECT;
                      case 1 -> Step.HELLO;
                      case 2 -> Step.REPLAYED_OLD_DISPATCH;
                      case 3 -> Step.RESUMED;
                      case 4 -> Step.READY;
                      default -> Step.DISPATCH;
                    })
            .toList();
    checker.run(steps);
  }

  /** Drives connections through a schedule and checks every transition. */
  static final class Checker {
    final ShardInfo shard = ShardInfo.of(0, 1);
    ConnectionState state = ConnectionState.start(shard, null);
    long serverSeq; // what the fake server numbers the next dispatch of the current session from
    long expectedSeq = -1; // the highest s this session has seen, as the client must remember it
    int handshakesThisConnection;
    int sessionCounter;
    boolean fatal;

    void run(List<Step> schedule) {
      for (Step step : schedule) {
        if (state.isEnded()) {
          DisconnectReason reason = state.endReason();
          if (!reason.canReconnect()) {
            assertThat(SessionMachine.next(state, input(step)).actions())
                .as("no action after %s", reason)
                .isEmpty();
            continue;
          }
          state = ConnectionState.start(shard, state.session().orElse(null));
          handshakesThisConnection = 0;
          if (state.sessionId() == null) {
            expectedSeq = -1;
          }
        }
        apply(input(step));
      }
    }

    Input input(Step step) {
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

    void apply(Input input) {
      ConnectionState before = state;
      Transition t = SessionMachine.next(before, input);
      state = t.state();
      List<Action> actions = t.actions();
      for (int i = 0; i < actions.size(); i++) {
        Action action = actions.get(i);
        if (action instanceof SendHeartbeat beat) {
          assertThat(beat.sequence()).as("heartbeat carries the latest s").isEqualTo(expectedSeq);
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
        } else if (action instanceof End end) {
          assertThat(i).as("End is the last action").isEqualTo(actions.size() - 1);
          assertThat(before.isEnded()).isFalse();
          if (end.reason() instanceof DisconnectReason.Fatal) {
            assertThat(end.reason().canReconnect()).isFalse();
            assertThat(state.session()).isEmpty();
            fatal = true;
          }
          if (!end.reason().keepsSession()) {
            assertThat(state.session()).isEmpty();
          }
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
  }
}
