package dev.sluice.gateway.core.internal.session;

import static dev.sluice.gateway.core.internal.session.Frames.ack;
import static dev.sluice.gateway.core.internal.session.Frames.closed;
import static dev.sluice.gateway.core.internal.session.Frames.dispatch;
import static dev.sluice.gateway.core.internal.session.Frames.hello;
import static dev.sluice.gateway.core.internal.session.Frames.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.DisconnectReason.Cause;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.session.Action.Close;
import dev.sluice.gateway.core.internal.session.Action.Dispatch;
import dev.sluice.gateway.core.internal.session.Action.End;
import dev.sluice.gateway.core.internal.session.Action.HeartbeatAcked;
import dev.sluice.gateway.core.internal.session.Action.SendHeartbeat;
import dev.sluice.gateway.core.internal.session.Action.SendIdentify;
import dev.sluice.gateway.core.internal.session.Action.SendResume;
import dev.sluice.gateway.core.internal.session.Action.StartHeartbeat;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per protocol rule of the session state machine. */
class SessionMachineTest {

  static final ShardInfo SHARD = ShardInfo.of(0, 1);
  static final Session STORED = new Session("stored", Frames.RESUME_URL, 100, SHARD);

  /** Feeds inputs in order, keeping the state and every action. */
  static final class Run {
    ConnectionState state;
    final List<Action> actions = new ArrayList<>();

    Run(Session session) {
      state = ConnectionState.start(SHARD, session);
    }

    List<Action> feed(Input... inputs) {
      List<Action> last = List.of();
      for (Input input : inputs) {
        Transition t = SessionMachine.next(state, input);
        state = t.state();
        actions.addAll(t.actions());
        last = t.actions();
      }
      return last;
    }

    Run identified() {
      feed(Input.opened(), hello(), ready(1, "s1"));
      actions.clear();
      return this;
    }
  }

  static Run fresh() {
    return new Run(null);
  }

  @Test
  void helloWithoutSessionStartsHeartbeatAndIdentifies() {
    Run run = fresh();
    assertThat(run.feed(Input.opened())).isEmpty();
    assertThat(run.feed(hello(45_000)))
        .containsExactly(new StartHeartbeat(Duration.ofMillis(45_000)), new SendIdentify());
    assertThat(run.state.phase()).isEqualTo(Phase.IDENTIFYING);
  }

  @Test
  void helloWithStoredSessionResumesWithItsSequence() {
    Run run = new Run(STORED);
    assertThat(run.feed(hello()))
        .containsExactly(new StartHeartbeat(Duration.ofMillis(41_250)), new SendResume(STORED));
    assertThat(run.state.phase()).isEqualTo(Phase.RESUMING);
  }

  @Test
  void readyStoresSessionIdAndResumeUrl() {
    Run run = fresh();
    run.feed(hello());
    List<Action> actions = run.feed(ready(1, "abc"));
    Session started = new Session("abc", Frames.RESUME_URL, 1, SHARD);
    assertThat(actions).hasSize(2).first().isInstanceOf(Dispatch.class);
    assertThat(actions.get(1)).isEqualTo(new Action.Ready(started, false));
    assertThat(run.state.phase()).isEqualTo(Phase.CONNECTED);
    assertThat(run.state.session()).contains(started);
  }

  @Test
  void readinessIsAnnouncedOncePerConnectionAfterItsDispatch() {
    Run run = new Run(STORED);
    run.feed(hello());
    List<Action> resumed = run.feed(dispatch(STORED.sequence() + 1, "RESUMED"));
    assertThat(resumed.get(1))
        .isEqualTo(new Action.Ready(STORED.withSequence(STORED.sequence() + 1), true));
    assertThat(run.feed(dispatch(STORED.sequence() + 2, "RESUMED")))
        .singleElement()
        .isInstanceOf(Dispatch.class);
  }

  @Test
  void readyWithSequenceZeroStartsAResumableSession() {
    Run run = fresh();
    run.feed(hello(), ready(0, "zero"));
    assertThat(run.state.session()).map(Session::sequence).contains(0L);
  }

  @Test
  void heartbeatCarriesTheLastNonNullSequence() {
    Run run = fresh().identified();
    run.feed(dispatch(2, "MESSAGE_CREATE"));
    run.feed(Input.received(GatewayCodec.decode("{\"op\":0,\"t\":\"RATE_LIMITED\",\"d\":{}}")));
    assertThat(run.feed(Input.tick())).containsExactly(new SendHeartbeat(2, false));
  }

  @Test
  void firstHeartbeatBeforeAnyDispatchCarriesNull() {
    Run run = fresh();
    run.feed(hello());
    assertThat(run.feed(Input.tick())).containsExactly(new SendHeartbeat(-1, false));
  }

  @Test
  void ticksBeforeHelloDoNothing() {
    assertThat(fresh().feed(Input.tick())).isEmpty();
  }

  @Test
  void ackedHeartbeatsKeepTheConnectionAlive() {
    Run run = fresh().identified();
    for (int i = 0; i < 5; i++) {
      assertThat(run.feed(Input.tick())).singleElement().isInstanceOf(SendHeartbeat.class);
      assertThat(run.feed(ack())).containsExactly(new HeartbeatAcked());
    }
    assertThat(run.state.isEnded()).isFalse();
  }

  @Test
  void zombieConnectionIsClosedWithNon1000AndResumed() {
    Run run = fresh().identified();
    run.feed(Input.tick());
    List<Action> actions = run.feed(Input.tick());
    assertThat(actions)
        .containsExactly(
            new Close(GatewayCloseCode.RESUMABLE_CLOSURE),
            new End(new DisconnectReason.Resumable(Cause.ZOMBIE, -1)));
    assertThat(GatewayCloseCode.keepsSession(((Close) actions.get(0)).code())).isTrue();
    assertThat(run.state.session()).isPresent();
  }

  @Test
  void serverHeartbeatRequestIsAnsweredAtOnceWithoutZombieBookkeeping() {
    Run run = fresh().identified();
    assertThat(run.feed(Frames.heartbeatRequest())).containsExactly(new SendHeartbeat(1, true));
    assertThat(run.state.awaitingAck()).isFalse();
    assertThat(run.feed(Input.tick())).containsExactly(new SendHeartbeat(1, false));
  }

  @Test
  void reconnectRequestClosesResumablyAndKeepsTheSession() {
    Run run = fresh().identified();
    assertThat(run.feed(Frames.reconnect()))
        .containsExactly(
            new Close(GatewayCloseCode.RESUMABLE_CLOSURE),
            new End(new DisconnectReason.Resumable(Cause.RECONNECT_REQUESTED, -1)));
    assertThat(run.state.session()).isPresent();
  }

  @Test
  void reconnectBeforeHelloEndsTheConnectionToo() {
    Run run = fresh();
    assertThat(run.feed(Frames.reconnect())).last().isInstanceOf(End.class);
  }

  @Test
  void invalidSessionFalseDropsTheSession() {
    Run run = fresh().identified();
    List<Action> actions = run.feed(Frames.invalidSession(false));
    assertThat(actions).last().isEqualTo(new End(new DisconnectReason.InvalidSession(false)));
    assertThat(run.state.session()).isEmpty();
    assertThat(run.state.sequence()).isEqualTo(-1);
  }

  @Test
  void invalidSessionTrueKeepsTheSessionForResume() {
    Run run = fresh().identified();
    assertThat(run.feed(Frames.invalidSession(true)))
        .last()
        .isEqualTo(new End(new DisconnectReason.InvalidSession(true)));
    assertThat(run.state.session()).isPresent();
  }

  @Test
  void replayedEventsThenResumedContinueTheSequence() {
    Run run = new Run(STORED);
    run.feed(hello());
    assertThat(run.feed(dispatch(101, "MESSAGE_CREATE")))
        .singleElement()
        .isInstanceOf(Dispatch.class);
    run.feed(dispatch(102, "MESSAGE_CREATE"));
    assertThat(run.state.phase()).isEqualTo(Phase.RESUMING);
    run.feed(Frames.resumed(103));
    assertThat(run.state.phase()).isEqualTo(Phase.CONNECTED);
    assertThat(run.state.session()).map(Session::sequence).contains(103L);
    assertThat(run.state.session()).map(Session::sessionId).contains("stored");
  }

  @Test
  void aReplayedEventAlreadySeenIsNotDeliveredTwice() {
    Run run = new Run(STORED);
    run.feed(hello());
    assertThat(run.feed(dispatch(100, "MESSAGE_CREATE"))).isEmpty();
    assertThat(run.feed(dispatch(99, "MESSAGE_CREATE"))).isEmpty();
    assertThat(run.state.sequence()).isEqualTo(100);
  }

  @Test
  void sequenceSurvivesAResumeAndResetsOnIdentify() {
    Run first = fresh().identified();
    first.feed(dispatch(5, "X"), Frames.reconnect());
    Session kept = first.state.session().orElseThrow();
    assertThat(kept.sequence()).isEqualTo(5);

    Run resumed = new Run(kept);
    resumed.feed(hello());
    assertThat(resumed.feed(Input.tick())).containsExactly(new SendHeartbeat(5, false));

    Run reidentified = new Run(null);
    reidentified.feed(hello());
    assertThat(reidentified.feed(Input.tick())).containsExactly(new SendHeartbeat(-1, false));
  }

  @Test
  void neverTwoIdentifiesOnOneConnection() {
    Run run = fresh();
    run.feed(hello());
    assertThat(run.feed(hello())).containsExactly(new StartHeartbeat(Duration.ofMillis(41_250)));
    assertThat(run.actions.stream().filter(a -> a instanceof SendIdentify)).hasSize(1);
  }

  @Test
  void ownNormalCloseEndsTheSession() {
    Run run = fresh().identified();
    assertThat(run.feed(new Input.CloseRequested(false)))
        .containsExactly(new Close(1000), new End(new DisconnectReason.Shutdown(false)));
    assertThat(run.state.session()).isEmpty();
  }

  @Test
  void ownResumableCloseKeepsTheSessionAndUsesA4xxxCode() {
    Run run = fresh().identified();
    assertThat(run.feed(new Input.CloseRequested(true)))
        .containsExactly(
            new Close(GatewayCloseCode.RESUMABLE_CLOSURE),
            new End(new DisconnectReason.Shutdown(true)));
    assertThat(run.state.session()).isPresent();
  }

  @ParameterizedTest
  @ValueSource(ints = {4004, 4010, 4011, 4012, 4013, 4014})
  void fatalServerCloseEndsWithoutReconnect(int code) {
    Run run = fresh().identified();
    List<Action> actions = run.feed(closed(code));
    assertThat(actions).singleElement().isInstanceOf(End.class);
    DisconnectReason reason = ((End) actions.get(0)).reason();
    assertThat(reason).isInstanceOf(DisconnectReason.Fatal.class);
    assertThat(reason.canReconnect()).isFalse();
    assertThat(((DisconnectReason.Fatal) reason).rawCode()).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(ints = {4003, 4007, 4009})
  void newSessionCloseCodesReidentify(int code) {
    Run run = fresh().identified();
    assertThat(run.feed(closed(code)))
        .containsExactly(new End(new DisconnectReason.Reidentify(Cause.SERVER_CLOSED, code)));
    assertThat(run.state.session()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {4000, 4001, 4002, 4005, 4008, 1000, 1001, 1011, 4999})
  void otherServerCloseCodesResume(int code) {
    Run run = fresh().identified();
    assertThat(run.feed(closed(code)))
        .containsExactly(new End(new DisconnectReason.Resumable(Cause.SERVER_CLOSED, code)));
    assertThat(run.state.session()).isPresent();
  }

  @Test
  void droppedConnectionWithoutCloseFrameResumes() {
    Run run = fresh().identified();
    assertThat(run.feed(closed(-1)))
        .containsExactly(new End(new DisconnectReason.Resumable(Cause.CONNECTION_LOST, -1)));
  }

  @Test
  void helloTimeoutEndsResumablyButOnlyBeforeHello() {
    Run late = fresh();
    late.feed(hello());
    assertThat(late.feed(new Input.TimedOut(Input.Timeout.HELLO))).isEmpty();

    Run run = fresh();
    assertThat(run.feed(new Input.TimedOut(Input.Timeout.HELLO)))
        .last()
        .isEqualTo(new End(new DisconnectReason.Resumable(Cause.HELLO_TIMEOUT, -1)));
  }

  @Test
  void readyTimeoutEndsResumablyButOnlyBeforeReady() {
    assertThat(fresh().identified().feed(new Input.TimedOut(Input.Timeout.READY))).isEmpty();
    Run run = fresh();
    run.feed(hello());
    assertThat(run.feed(new Input.TimedOut(Input.Timeout.READY)))
        .last()
        .isEqualTo(new End(new DisconnectReason.Resumable(Cause.READY_TIMEOUT, -1)));
  }

  @Test
  void malformedHelloEndsTheConnectionButNotTheSession() {
    Run run = new Run(STORED);
    run.feed(Input.received(GatewayCodec.decode("{\"op\":10,\"d\":{}}")));
    assertThat(run.state.endReason())
        .isEqualTo(new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1));
    assertThat(run.state.session()).contains(STORED);
  }

  @Test
  void inboundFailureClosesResumably() {
    Run run = fresh().identified();
    GatewayException error = GatewayException.of(GatewayException.Kind.COMPRESSION, "corrupt");
    assertThat(run.feed(new Input.Failed(error)))
        .containsExactly(
            new Close(GatewayCloseCode.RESUMABLE_CLOSURE),
            new End(new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1)));
  }

  @Test
  void afterTheEndEveryInputIsIgnored() {
    Run run = fresh().identified();
    run.feed(closed(4004));
    for (Input input :
        List.of(hello(), Input.tick(), dispatch(9, "X"), closed(4000), Frames.reconnect(), ack())) {
      assertThat(run.feed(input)).isEmpty();
    }
  }

  @Test
  void unknownOpcodesAreIgnored() {
    Run run = fresh().identified();
    assertThat(run.feed(Input.received(GatewayCodec.decode("{\"op\":42,\"d\":{}}")))).isEmpty();
    assertThat(run.state.isEnded()).isFalse();
  }

  @Test
  void dispatchesAreDeliveredInOrderWithTheirPayloads() {
    Run run = fresh().identified();
    run.feed(dispatch(2, "A"), dispatch(3, "B"));
    assertThat(run.actions)
        .extracting(a -> ((Dispatch) a).payload().type())
        .containsExactly("A", "B");
  }
}
