/**
 * Reactor Netty transport, pipelines, GatewayClient and ShardGroup (filled by the GatewayClient
 * issue).
 */
module dev.sluice.gateway.reactor {
  requires transitive dev.sluice.gateway.core;
}
