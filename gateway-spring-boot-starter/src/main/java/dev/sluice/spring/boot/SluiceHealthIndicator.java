package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.ShardGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The reactive Actuator health of a {@link ShardGroup} (contributor name {@code sluice}): the worst
 * of its shards' {@link ShardHealth}, with each shard's details under {@code shards}. {@code UP}
 * only when every shard is. Before the group has created its shards it is {@code STARTING}.
 *
 * <p>Thread-safe; reads the shards' records without blocking. The {@code gateway} health group
 * (added by the starter, {@code /actuator/health/gateway}) holds it alone, for a readiness probe.
 */
public final class SluiceHealthIndicator implements ReactiveHealthIndicator {

  private final ShardGroup group;
  private final ShardHealthTracker tracker;

  SluiceHealthIndicator(ShardGroup group, ShardHealthTracker tracker) {
    this.group = group;
    this.tracker = tracker;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromSupplier(this::check);
  }

  private Health check() {
    List<GatewayClient> shards = group.shards();
    if (shards.isEmpty()) {
      return Health.status(ShardHealth.STARTING).withDetail("shards", Map.of()).build();
    }
    Status status = Status.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    for (GatewayClient client : shards) {
      ShardHealth shard = ShardHealth.of(client, tracker.shard(client.shard().id()));
      status = ShardHealth.worse(status, shard.status());
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("status", shard.status().getCode());
      shown.putAll(shard.details());
      details.put(Integer.toString(client.shard().id()), shown);
    }
    return Health.status(status).withDetail("shards", details).build();
  }
}
