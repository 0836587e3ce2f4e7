package dev.sluice.samples.ping;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The no-token demo: the real ping bot against the fake gateway embedded in this process, through a
 * script that shows every part of the lifecycle, then a clean shutdown.
 */
final class Demo {

  private static final Logger log = LoggerFactory.getLogger("dev.sluice.samples.demo");
  private static final String TOKEN = "MTAwMjAwMzAwNDAw.demo.token";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Demo() {}

  static int play() {
    log.info("no DISCORD_TOKEN: starting the embedded fake gateway for a demo");
    try (FakeGateway fake =
        FakeGateway.builder()
            .token(TOKEN)
            .heartbeatInterval(Duration.ofSeconds(2))
            .splitFrames(2)
            .start()) {
      PingBot bot = new PingBot(BotToken.of(TOKEN), fake.apiUrl(), 1, Compression.ZLIB_STREAM);
      java.util.concurrent.atomic.AtomicInteger readies =
          new java.util.concurrent.atomic.AtomicInteger();
      Disposable counting =
          bot.shards
              .states()
              .filter(s -> s.state().isReady())
              .subscribe(s -> readies.incrementAndGet());
      Disposable running =
          bot.run().subscribe(null, e -> log.error("bot stopped: {}", e.getMessage()));
      try {
        step("connect, Hello, Identify, READY");
        awaitReady(readies, 1);
        GatewayClient shard = bot.shards.shard(0);

        step("heartbeats, with their latency");
        fake.transcript().awaitReceived(Opcode.HEARTBEAT, 2, WAIT);
        log.info("heartbeat latency {} ms", shard.latency().map(Duration::toMillis).orElse(-1L));

        step("a user says !ping");
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        awaitPosted(fake, 1);
        log.info("the bot posted: {}", fake.postedMessages().get(0).content());

        step("the gateway stops answering heartbeats: a zombie connection");
        fake.stopAcks();
        fake.transcript().awaitClosing(1, WAIT);
        log.info("while the bot is away, another !ping arrives (it will be replayed)");
        fake.dispatch("MESSAGE_CREATE", Events.messageCreate("!ping"));
        fake.resumeAcks();
        fake.transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
        awaitReady(readies, 2);
        awaitPosted(fake, 2);
        log.info("replayed !ping answered once: {} pongs posted", fake.postedMessages().size());

        step("the gateway asks for a reconnect (op 7)");
        fake.reconnect();
        fake.transcript().awaitReceived(Opcode.RESUME, 2, WAIT);
        awaitReady(readies, 3);

        step("the gateway invalidates the session (op 9): a jittered wait, then a new Identify");
        fake.invalidSession(false);
        fake.transcript().awaitReceived(Opcode.IDENTIFY, 2, WAIT);
        awaitReady(readies, 4);

        step("clean shutdown: close with 1000");
        bot.shards.close().block(WAIT);
        log.info(
            "demo finished: {} connections, {} pongs, {} identifies, {} resumes",
            fake.transcript().openings().size(),
            fake.postedMessages().size(),
            fake.transcript().received(Opcode.IDENTIFY).size(),
            fake.transcript().received(Opcode.RESUME).size());
        return 0;
      } catch (AssertionError | RuntimeException e) {
        log.error("demo failed: {}", e.getMessage());
        return 1;
      } finally {
        running.dispose();
        counting.dispose();
      }
    }
  }

  private static void step(String what) {
    log.info("──── {}", what);
  }

  private static void awaitReady(java.util.concurrent.atomic.AtomicInteger readies, int times) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (readies.get() < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not ready " + times + " times");
      }
      Thread.onSpinWait();
    }
  }

  private static void awaitPosted(FakeGateway fake, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fake.postedMessages().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no pong posted");
      }
      Thread.onSpinWait();
    }
  }
}
