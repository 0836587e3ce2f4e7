package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * Frames leave in the order {@code send} was subscribed, whichever thread subscribed: a heartbeat
 * from a timer thread must not be overtaken by a later one written from the event loop (a loopback
 * fault schedule once saw "heartbeat 2 after 7" on one connection).
 */
class NettyTransportOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aSendFromTheEventLoopDoesNotOvertakeAnEarlierSendFromAnotherThread() throws Exception {
    try (FakeGateway fake = FakeGateway.builder().token("MTAw.order.test").start()) {
      NettyTransport transport = new NettyTransport(HttpClient.create(), 1 << 20, 1 << 20);
      Transport.Connection connection = transport.connect(fake.url() + "?v=10").block(WAIT);
      CountDownLatch onTheLoop = new CountDownLatch(1);
      CountDownLatch firstSubscribed = new CountDownLatch(1);
      CountDownLatch secondSubscribed = new CountDownLatch(1);
      // On the event loop, while it handles Hello: wait until another thread has sent beat 1, then
      // send beat 2 from the loop itself.
      Disposable reading =
          connection
              .receive(
                  buffer -> {
                    if (secondSubscribed.getCount() > 0) {
                      onTheLoop.countDown();
                      await(firstSubscribed);
                      connection.send(beat(2)).subscribe();
                      secondSubscribed.countDown();
                    }
                    return buffer.remaining();
                  })
              .subscribe();
      try {
        await(onTheLoop);
        connection.send(beat(1)).subscribe();
        firstSubscribed.countDown();
        await(secondSubscribed);
        fake.transcript().awaitReceived(Opcode.HEARTBEAT, 2, WAIT);
        assertThat(fake.transcript().received(Opcode.HEARTBEAT))
            .extracting(Frame.Payload::data)
            .containsExactly("1", "2");
      } finally {
        reading.dispose();
        connection.dispose();
      }
    }
  }

  private static byte[] beat(long sequence) {
    return ("{\"op\":1,\"d\":" + sequence + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("not subscribed within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
