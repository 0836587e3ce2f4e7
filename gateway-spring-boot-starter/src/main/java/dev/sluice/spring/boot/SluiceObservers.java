package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.GatewayObserver;

/**
 * Every {@link GatewayObserver} bean of the application (the starter's meters and health tracker,
 * and any of your own), as one observer. The auto-configured group sets it on every shard; a {@link
 * dev.sluice.gateway.reactor.ShardGroup} bean of your own should too, so that metrics and health
 * see it:
 *
 * <pre>{@code
 * @Bean
 * ShardGroup shardGroup(SluiceObservers observers) {
 *   return ShardGroup.builder(token).eachShard(s -> s.observer(observers.observer())).build();
 * }
 * }</pre>
 *
 * @param observer the observers, in bean order, as one
 */
public record SluiceObservers(GatewayObserver observer) {}
