package dev.sluice.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayObserver;
import dev.sluice.gateway.reactor.GracefulShutdown;
import dev.sluice.gateway.reactor.ReconnectSpec;
import dev.sluice.gateway.reactor.ShardGroup;
import dev.sluice.gateway.reactor.ShardLeases;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.FakeRest;
import dev.sluice.gateway.testkit.Frame;
import dev.sluice.gateway.testkit.Transcript;
import dev.sluice.gateway.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The examples of the libraries' Javadoc, compiled: {@link JavadocExamplesTest} checks that each
 * {@code <pre>{@code ...}</pre>} block of a public source equals the region tagged with its file's
 * name here. Not run: the examples connect to Discord.
 */
@SuppressWarnings("unused")
final class JavadocExamples {

  static final Logger log = LoggerFactory.getLogger(JavadocExamples.class);
  static final String TOKEN = "MTAw.x.y";

  private JavadocExamples() {}

  static void core(GatewayClient client) {
    // tag::BotToken[]
    BotToken token = BotToken.of(System.getenv("DISCORD_TOKEN"));
    // end::BotToken[]
    // tag::Intents[]
    Intents intents = Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT);
    // end::Intents[]
    // tag::UpdatePresence[]
    client.send(UpdatePresence.online(Activity.playing("with Reactor")));
    // end::UpdatePresence[]
  }

  static void gatewayClient() {
    // tag::GatewayClient[]
    GatewayClient client =
        GatewayClient.builder(BotToken.of(System.getenv("DISCORD_TOKEN")))
            .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
            .build();
    client.on(MessageCreate.class).subscribe(m -> log.info("{}", m.content()));
    client.connect().block(); // until client.close(), or a fatal close code (then it throws)
    // end::GatewayClient[]
  }

  static void shardGroup(BotToken token) {
    // tag::ShardGroup[]
    ShardGroup shards =
        ShardGroup.builder(token)
            .eachShard(shard -> shard.intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES)))
            .recommendedShards()
            .build();
    shards.on(MessageCreate.class).subscribe(m -> log.info("{}", m.content()));
    shards.connect().block(); // until shards.close(), or a fatal close code (then it throws)
    // end::ShardGroup[]
  }

  static void gracefulShutdown(BotToken token) {
    // tag::GracefulShutdown[]
    ShardGroup shards = ShardGroup.builder(token).build();
    GracefulShutdown.closeOnSignal(shards, Duration.ofSeconds(10)); // 1000: the sessions end
    shards.connect().block(); // returns once every shard closed; main returns, the JVM exits 0
    // end::GracefulShutdown[]
  }

  static void shardLeases() {
    // tag::ShardLeases[]
    ShardLeases leases = ShardLeases.inMemory(4);
    leases.assignments().subscribe(lease -> log.info("holding shard {}", lease.shard()));
    leases.join().block();
    // end::ShardLeases[]
  }

  static void fakeRest() {
    // tag::FakeRest[]
    FakeGateway fake = FakeGateway.builder().restRateLimit(5, Duration.ofMillis(200)).start();
    fake.rest().rateLimitNext(FakeRest.Scope.SHARED, Duration.ofMillis(50));
    // ... let the bot post ...
    assertThat(fake.rest().tooManyRequests()).isEqualTo(1);
    // end::FakeRest[]
  }

  static void gatewayObserver(BotToken token) {
    // tag::GatewayObserver[]
    GatewayObserver reconnects =
        new GatewayObserver() {
          @Override
          public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
            log.warn("shard {} reconnecting: {}", shard, reason);
          }
        };
    GatewayClient client = GatewayClient.builder(token).observer(reconnects).build();
    // end::GatewayObserver[]
  }

  static void reconnectSpec() {
    // tag::ReconnectSpec[]
    ReconnectSpec spec = ReconnectSpec.defaults().withMaxBackoff(Duration.ofSeconds(30));
    // end::ReconnectSpec[]
  }

  static void fakeGateway() {
    // tag::FakeGateway[]
    try (FakeGateway gateway = FakeGateway.builder().token("MTAw.x.y").start()) {
      // point a client at gateway.url() / gateway.apiUrl()
      gateway.transcript().awaitReceived(Opcode.IDENTIFY, 1, Duration.ofSeconds(5));
      gateway.reconnect();
    }
    // end::FakeGateway[]
  }

  static void fakeGatewayBuilder() {
    // tag::FakeGatewayBuilder[]
    FakeGateway gateway =
        FakeGateway.builder().token("MTAw.x.y").shards(2).maxConcurrency(2).start();
    // end::FakeGatewayBuilder[]
  }

  static void virtualClock() {
    // tag::VirtualClock[]
    VirtualClock clock = VirtualClock.create();
    FakeGateway fake = FakeGateway.builder().scheduler(clock).start();
    // a client with .scheduler(clock) and .jitter(() -> 0.5) gets op 9 (not resumable)...
    clock.advanceWhenArmed(Duration.ofSeconds(3), Duration.ofSeconds(10)); // 1 s + 4 s * 0.5
    // end::VirtualClock[]
  }

  static void events(FakeGateway gateway) {
    // tag::Events[]
    gateway.dispatch("MESSAGE_CREATE", Events.messageCreate("1001", "!ping"));
    // end::Events[]
  }

  static void transcript(FakeGateway gateway) {
    // tag::Transcript[]
    Transcript transcript = gateway.transcript();
    Frame.Payload resume = transcript.awaitReceived(Opcode.RESUME, 1, Duration.ofSeconds(5));
    long seq = transcript.dispatched("MESSAGE_CREATE").get(0).sequence().getAsLong();
    assertThat(resume.dataTree().path("seq").asLong()).isEqualTo(seq);
    Frame.Closed closed = transcript.awaitClosing(1, Duration.ofSeconds(5));
    assertThat(closed.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE);
    // end::Transcript[]
  }

  static void frame(FakeGateway gateway) {
    // tag::Frame[]
    for (Frame frame : gateway.transcript().all()) {
      if (frame instanceof Frame.Payload p && p.isDispatch("READY")) {
        System.out.println("READY on connection " + p.connection() + ": " + p.dataTree());
      } else if (frame instanceof Frame.Closed c) {
        System.out.println(
            "closed with " + c.code() + " by " + (c.byClient() ? "client" : "server"));
      }
    }
    // end::Frame[]
  }

  static final class ExtensionExample {
    // tag::FakeGatewayExtension[]
    @RegisterExtension
    static final FakeGatewayExtension gateway = new FakeGatewayExtension(b -> b.token(TOKEN));

    @Test
    void resumesAfterReconnect() {
      // connect a client to gateway.get().url() ...
      gateway.get().reconnect();
      gateway.get().transcript().awaitReceived(Opcode.RESUME, 1, Duration.ofSeconds(10));
    }
    // end::FakeGatewayExtension[]
  }
}
