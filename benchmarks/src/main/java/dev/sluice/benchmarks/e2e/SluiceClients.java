package dev.sluice.benchmarks.e2e;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.event.GatewayEvent;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.micrometer.SluiceMetrics;
import dev.sluice.gateway.reactor.GatewayClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;

/** Sluice's {@link GatewayClient} subscribed the three ways a bot would. */
final class SluiceClients {

  private SluiceClients() {}

  static GatewayClient client(String gatewayUrl, Wire wire) {
    return builder(gatewayUrl, wire).build();
  }

  static GatewayClient.Builder builder(String gatewayUrl, Wire wire) {
    return GatewayClient.builder(BotToken.of(BenchServer.TOKEN))
        .gatewayUrl(gatewayUrl)
        .compression(wire.compression())
        .intents(
            Intents.of(
                Intent.GUILDS,
                Intent.GUILD_MEMBERS,
                Intent.GUILD_PRESENCES,
                Intent.GUILD_MESSAGES,
                Intent.GUILD_MESSAGE_REACTIONS,
                Intent.GUILD_MESSAGE_TYPING,
                Intent.MESSAGE_CONTENT));
  }

  private abstract static class Base implements ClientMain.Client {
    abstract Flux<?> subscribe(GatewayClient client);

    GatewayClient.Builder configure(GatewayClient.Builder builder) {
      return builder;
    }

    @Override
    public void start(String gatewayUrl, String apiUrl, Wire wire, Probe probe) {
      GatewayClient client = configure(builder(gatewayUrl, wire)).build();
      subscribe(client).subscribe(event -> probe.tick());
      client.connect().subscribe();
    }
  }

  /** Every dispatch, undecoded: {@code raw()}. */
  static final class Raw extends Base {
    @Override
    public ClientMain.Unit unit() {
      return ClientMain.Unit.DISPATCHES;
    }

    @Override
    Flux<?> subscribe(GatewayClient client) {
      return client.raw();
    }
  }

  /**
   * {@code raw()} with the Micrometer meters on ({@code gateway-micrometer} into a {@code
   * SimpleMeterRegistry}): the cost of metrics, side by side with {@link Raw}.
   */
  static final class RawWithMetrics extends Base {
    @Override
    public ClientMain.Unit unit() {
      return ClientMain.Unit.DISPATCHES;
    }

    @Override
    GatewayClient.Builder configure(GatewayClient.Builder builder) {
      return builder.observer(SluiceMetrics.of(new SimpleMeterRegistry()));
    }

    @Override
    Flux<?> subscribe(GatewayClient client) {
      return client.raw();
    }
  }

  /** Every dispatch, each decoded to its typed record: {@code events()}. */
  static final class AllTyped extends Base {
    @Override
    public ClientMain.Unit unit() {
      return ClientMain.Unit.DISPATCHES;
    }

    @Override
    Flux<GatewayEvent> subscribe(GatewayClient client) {
      return client.events();
    }
  }

  /** Only MESSAGE_CREATE, typed: {@code on(MessageCreate.class)}; the rest is never decoded. */
  static final class MessagesOnly extends Base {
    @Override
    public ClientMain.Unit unit() {
      return ClientMain.Unit.MESSAGE_CREATES;
    }

    @Override
    Flux<MessageCreate> subscribe(GatewayClient client) {
      return client.on(MessageCreate.class);
    }
  }
}
