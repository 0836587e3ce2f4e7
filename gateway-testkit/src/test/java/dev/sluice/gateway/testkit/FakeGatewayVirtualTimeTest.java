package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.Opcode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's windows and timers run on its scheduler: with a {@link VirtualClock} they pass when
 * the test advances time, never on their own. And a client's close detaches its session before the
 * close shows in the transcript, so the next dispatch is kept for the replay.
 */
class FakeGatewayVirtualTimeTest {

  static final String TOKEN = "MTAwMjAwMzAwNDAw.abc.def";
  final VirtualClock time = VirtualClock.create();
  final FakeGateway fake = FakeGateway.builder().token(TOKEN).scheduler(time).start();

  @AfterEach
  void stop() {
    fake.close();
    time.dispose();
  }

  WsClient helloed() {
    WsClient client = WsClient.connect(fake.url());
    client.awaitOp(10);
    return client;
  }

  @Test
  void theIdentifyWindowPassesOnlyInVirtualTime() {
    try (WsClient first = helloed();
        WsClient second = helloed();
        WsClient third = helloed()) {
      first.identify(TOKEN);
      first.awaitDispatch("READY");
      second.identify(TOKEN);
      assertThat(second.awaitOp(9).data().asString()).isEqualTo("false");
      time.advance(Duration.ofMillis(4_999));
      third.identify(TOKEN);
      assertThat(third.awaitOp(9).data().asString()).isEqualTo("false");
      assertThat(fake.concurrencyViolations()).isEqualTo(2);
    }
    time.advance(Duration.ofMillis(1));
    try (WsClient fourth = helloed()) {
      fourth.identify(TOKEN);
      fourth.awaitDispatch("READY");
    }
    assertThat(fake.sessionsStarted()).isEqualTo(2);
    assertThat(fake.transcript().all().get(0).at().toEpochMilli()).isZero(); // virtual time
  }

  @Test
  void delayedAcksWaitForVirtualTime() {
    fake.delayAcks(Duration.ofSeconds(10));
    try (WsClient client = helloed()) {
      client.send("{\"op\":1,\"d\":null}");
      // The ACK's timer is armed on the fake's event loop, after the heartbeat is recorded.
      time.awaitArmed(Duration.ofSeconds(10), WsClient.TIMEOUT);
      time.advance(Duration.ofMillis(9_999));
      assertThat(fake.transcript().sent(Opcode.HEARTBEAT_ACK)).isEmpty();
      time.advance(Duration.ofMillis(1));
      assertThat(client.awaitOp(11)).isNotNull();
      assertThat(time.now(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
    }
  }

  @Test
  void aDispatchAfterTheClientsCloseIsKeptForTheReplayNotSentOnTheClosingConnection() {
    try (WsClient client = helloed()) {
      client.identify(TOKEN);
      client.awaitDispatch("READY");
      client.closeWith(4900);
      fake.transcript().awaitClosing(1, WsClient.TIMEOUT);
      assertThat(fake.dispatch("MESSAGE_CREATE", Events.messageCreate("after"))).isEqualTo(1);
    }
    assertThat(fake.transcript().select(Frame.Payload.class, p -> p.isDispatch("MESSAGE_CREATE")))
        .as("nothing was sent on the closing connection")
        .isEmpty();
  }
}
