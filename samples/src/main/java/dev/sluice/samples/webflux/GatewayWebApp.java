package dev.sluice.samples.webflux;

import dev.sluice.gateway.core.BotToken;
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
 * latency, {@code POST /channels/{id}/messages} posts through {@link RestClient}. The group, its
 * lifecycle, its meters ({@code /actuator/prometheus}) and its health ({@code /actuator/health})
 * come from {@code gateway-spring-boot-starter}, configured in {@code application.yml} ({@code
 * sluice.*}).
 */
// tag::app[]
@SpringBootApplication
public class GatewayWebApp {

  public static void main(String[] args) {
    SpringApplication.run(GatewayWebApp.class, args);
  }

  /** Discord's REST API for the service's own calls (see GatewayController#send). */
  @Bean(destroyMethod = "close")
  RestClient restClient(
      @Value("${sluice.token}") String token,
      @Value("${sluice.api-url:" + GatewayBotLookup.DISCORD_API + "}") String apiUrl) {
    return RestClient.builder(BotToken.of(token)).apiUrl(apiUrl).build();
  }
}
// end::app[]
