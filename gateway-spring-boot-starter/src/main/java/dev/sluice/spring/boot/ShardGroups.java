package dev.sluice.spring.boot;

import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayObserver;
import dev.sluice.gateway.reactor.ReconnectSpec;
import dev.sluice.gateway.reactor.ShardGroup;

/** Builds the auto-configured {@link ShardGroup} from {@link SluiceProperties}. */
final class ShardGroups {

  private ShardGroups() {}

  /**
   * A group configured by {@code properties}, every shard watched by {@code observer}.
   *
   * @throws InvalidTokenException when the token is missing or malformed
   * @throws IllegalArgumentException when another property is invalid (its message names it)
   */
  static ShardGroup.Builder builder(SluiceProperties properties, GatewayObserver observer) {
    ShardGroup.Builder group = ShardGroup.builder(InvalidTokenException.check(properties.token()));
    group.apiUrl(properties.apiUrl()).gatewayUrl(properties.gatewayUrl());
    SluiceProperties.Shards shards = properties.shards();
    if (!shards.ids().isEmpty()) {
      if (shards.count() == null) {
        throw new IllegalArgumentException("sluice.shards.ids needs sluice.shards.count");
      }
      group.shardIds(shards.ids(), shards.count());
    } else if (shards.count() != null) {
      group.shardCount(shards.count());
    } else {
      group.recommendedShards();
    }
    group
        .sessionReserve(properties.identify().reserve())
        .identifyMargin(properties.identify().margin());
    Intents intents = Intents.of(properties.intents().toArray(Intent[]::new));
    ReconnectSpec reconnect = reconnect(properties.reconnect());
    return group.eachShard(
        shard -> client(shard, properties, intents, reconnect).observer(observer));
  }

  private static GatewayClient.Builder client(
      GatewayClient.Builder shard,
      SluiceProperties properties,
      Intents intents,
      ReconnectSpec reconnect) {
    SluiceProperties.Timeouts timeouts = properties.timeouts();
    return shard
        .intents(intents)
        .compression(properties.compression())
        .reconnect(reconnect)
        .timeouts(timeouts.handshake(), timeouts.hello(), timeouts.ready())
        .eventBuffer(properties.events().bufferSize(), properties.events().overflow());
  }

  private static ReconnectSpec reconnect(SluiceProperties.Reconnect r) {
    ReconnectSpec spec =
        ReconnectSpec.defaults()
            .withFirstBackoff(r.firstBackoff())
            .withMaxBackoff(r.maxBackoff())
            .withJitter(r.jitter())
            .withInvalidSessionWait(r.invalidSessionMin(), r.invalidSessionMax())
            .withImmediateAfterHealthy(r.immediateAfterHealthy());
    return r.maxAttempts() == null ? spec : spec.withMaxAttempts(r.maxAttempts());
  }
}
