package dev.sluice.benchmarks.e2e;

import discord4j.common.JacksonResources;
import discord4j.common.retry.ReconnectOptions;
import discord4j.gateway.DefaultGatewayClient;
import discord4j.gateway.GatewayClient;
import discord4j.gateway.GatewayObserver;
import discord4j.gateway.GatewayOptions;
import discord4j.gateway.GatewayReactorResources;
import discord4j.gateway.IdentifyOptions;
import discord4j.gateway.intent.Intent;
import discord4j.gateway.intent.IntentSet;
import discord4j.gateway.payload.JacksonPayloadReader;
import discord4j.gateway.payload.JacksonPayloadWriter;

/**
 * Discord4J's own gateway client ({@code discord4j-gateway}: the layer under its {@code
 * GatewayDiscordClient}, with no entity cache), subscribed to every dispatch.
 */
final class Discord4jClient implements ClientMain.Client {

  @Override
  public ClientMain.Unit unit() {
    return ClientMain.Unit.DISPATCHES;
  }

  @Override
  public void start(String gatewayUrl, String apiUrl, Wire wire, Probe probe) {
    if (wire == Wire.ZSTD) {
      throw new IllegalArgumentException("Discord4J speaks no zstd-stream");
    }
    JacksonResources jackson = JacksonResources.create();
    GatewayOptions options =
        new GatewayOptions(
            BenchServer.TOKEN,
            GatewayReactorResources.create(),
            new JacksonPayloadReader(jackson.getObjectMapper()),
            new JacksonPayloadWriter(jackson.getObjectMapper()),
            ReconnectOptions.create(),
            IdentifyOptions.builder(0, 1)
                .intents(
                    IntentSet.of(
                        Intent.GUILDS,
                        Intent.GUILD_MEMBERS,
                        Intent.GUILD_PRESENCES,
                        Intent.GUILD_MESSAGES,
                        Intent.GUILD_MESSAGE_REACTIONS,
                        Intent.GUILD_MESSAGE_TYPING,
                        Intent.MESSAGE_CONTENT))
                .build(),
            GatewayObserver.NOOP_LISTENER,
            payloads -> payloads,
            1);
    GatewayClient client = new DefaultGatewayClient(options);
    client.dispatch().subscribe(dispatch -> probe.tick());
    client.execute(gatewayUrl + wire.query()).subscribe();
  }
}
