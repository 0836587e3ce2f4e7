package dev.sluice.gateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link FakeGateway#close()} does what its Javadoc says. */
class FakeGatewayCloseTest {

  static final String TOKEN = "MTAwMjAwMzAwNDAw.abc.def";

  @Test
  void closeDropsEveryConnectionWithoutACloseFrameAndKeepsTheTranscriptReadable() {
    FakeGateway fake = FakeGateway.builder().token(TOKEN).start();
    try (WsClient client = WsClient.connect(fake.url())) {
      client.awaitOp(10);
      client.identify(TOKEN);
      client.awaitDispatch("READY");
      fake.close();
      assertThat(client.awaitClose()).as("no close frame reached the client").isEqualTo(-1);
    }
    Frame.Closed closed = fake.transcript().awaitClosing(1, Duration.ofSeconds(5));
    assertThat(closed.byClient()).isFalse();
    assertThat(closed.code()).isEmpty();
    assertThat(closed.reason()).isEqualTo("dropped by server");
    assertThat(fake.transcript().dispatched("READY")).hasSize(1);
  }
}
