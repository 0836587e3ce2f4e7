package dev.sluice.samples.webflux;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.reactor.GatewayBotLookup;
import dev.sluice.gateway.reactor.ShardGroup;
import dev.sluice.gateway.rest.RestClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A WebFlux service around a {@link ShardGroup}: {@code GET /events?type=...} streams gateway
 * events as Server-Sent Events, {@code GET /status} reports every shard's state and heartbeat
 * latency. Properties: {@code sluice.token}, {@code sluice.api-url}, {@code sluice.shards}.
 */
@SpringBootApplication
public class GatewayWebApp {

  public static void main(String[] args) {
    SpringApplication.run(GatewayWebApp.class, args);
  }

  // tag::bean[]
  @Bean
  ShardGroup shardGroup(
      @Value("${sluice.token}") String token,
      @Value("${sluice.api-url:" + GatewayBotLookup.DISCORD_API + "}") String apiUrl,
      @Value("${sluice.shards:0}") int shards) {
    ShardGroup.Builder builder =
        ShardGroup.builder(BotToken.of(token))
            .apiUrl(apiUrl)
            .eachShard(b -> b.intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES)));
    return (shards > 0 ? builder.shardCount(shards) : builder.recommendedShards()).build();
  }

  /**
   * Discord's REST API for the service's own calls (see GatewayController#send); closed with it.
   */
  @Bean(destroyMethod = "close")
  RestClient restClient(
      @Value("${sluice.token}") String token,
      @Value("${sluice.api-url:" + GatewayBotLookup.DISCORD_API + "}") String apiUrl) {
    return RestClient.builder(BotToken.of(token)).apiUrl(apiUrl).build();
  }

  /** Connects when the context starts, closes with 1000 when it stops. */
  @Bean
  GatewayLifecycle gatewayLifecycle(ShardGroup shardGroup) {
    return new GatewayLifecycle(shardGroup);
  }
  // end::bean[]
}
