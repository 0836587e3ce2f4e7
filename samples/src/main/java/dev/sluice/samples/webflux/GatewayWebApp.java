package dev.sluice.samples.webflux;

import dev.sluice.gateway.reactor.ShardGroup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux service around a {@link ShardGroup}: {@code GET /events?type=...} streams gateway
 * events as Server-Sent Events, {@code GET /status} reports every shard's state and heartbeat
 * latency. The group, its lifecycle, its meters ({@code /actuator/prometheus}) and its health
 * ({@code /actuator/health}) come from {@code gateway-spring-boot-starter}, configured in {@code
 * application.yml} ({@code sluice.*}).
 */
// tag::app[]
@SpringBootApplication
public class GatewayWebApp {

  public static void main(String[] args) {
    SpringApplication.run(GatewayWebApp.class, args);
  }
}
// end::app[]
