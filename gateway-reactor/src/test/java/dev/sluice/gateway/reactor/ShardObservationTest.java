package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.EventMeta;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** What ShardObservation reads off the order of states, with plain values. */
class ShardObservationTest {

  static final ShardInfo SHARD = ShardInfo.of(3, 4);
  static final Session SESSION = new Session("s1", "ws://127.0.0.1:1", 10, SHARD);

  final GatewayObserverTest.Recorder recorder = new GatewayObserverTest.Recorder();

  ShardObservation observation(OptionalInt budget) {
    IdentifyLimiter limiter =
        new IdentifyLimiter() {
          @Override
          public Flux<IdentifyWait> acquire(ShardInfo shard) {
            return Flux.empty();
          }

          @Override
          public OptionalInt sessionsRemaining() {
            return budget;
          }
        };
    return new ShardObservation(recorder, SHARD, limiter);
  }

  static Dispatched dispatch(String type, long seq) {
    var payload =
        GatewayCodec.decode("{\"op\":0,\"s\":" + seq + ",\"t\":\"" + type + "\",\"d\":{}}");
    return new Dispatched(payload, new EventMeta(type, SHARD, seq, Instant.EPOCH));
  }

  @Test
  void aResumeCountsTheDispatchesReplayedBeforeResumed() {
    ShardObservation o = observation(OptionalInt.empty());
    o.state(new GatewayState.Resuming(SESSION));
    o.dispatched(dispatch("MESSAGE_CREATE", 11));
    o.dispatched(dispatch("TYPING_START", 12));
    o.dispatched(dispatch("RESUMED", 13));
    o.state(new GatewayState.Ready(SESSION, true));
    o.dispatched(dispatch("MESSAGE_CREATE", 14));

    assertThat(recorder.calls).containsOnlyOnce("resumed 2").doesNotContain("resume failed");
  }

  @Test
  void anIdentifyAfterATriedResumeIsOneFailedResumeAndReportsTheBudget() {
    ShardObservation o = observation(OptionalInt.of(995));
    o.state(new GatewayState.Resuming(SESSION));
    o.state(
        new GatewayState.Disconnected(
            new DisconnectReason.InvalidSession(false), 2, Duration.ZERO));
    o.state(new GatewayState.Connecting(3, "ws://127.0.0.1:1"));
    o.state(new GatewayState.Identifying());
    o.state(new GatewayState.Ready(SESSION, false));
    o.state(new GatewayState.Identifying());

    assertThat(recorder.calls)
        .containsSubsequence(
            "invalid session false",
            "reconnecting InvalidSession",
            "resume failed",
            "identify",
            "budget 995",
            "identify",
            "budget 995")
        .containsOnlyOnce("resume failed")
        .doesNotContain("resumed 0");
  }

  @Test
  void everyStateIsPassedOnInOrder() {
    ShardObservation o = observation(OptionalInt.empty());
    List<GatewayState> states =
        List.of(
            new GatewayState.Connecting(1, "ws://127.0.0.1:1"),
            new GatewayState.Identifying(),
            new GatewayState.Ready(SESSION, false),
            new GatewayState.Closed(null));
    states.forEach(o::state);
    assertThat(recorder.calls)
        .filteredOn(c -> c.startsWith("state "))
        .containsExactly("state Connecting", "state Identifying", "state Ready", "state Closed");
  }
}
