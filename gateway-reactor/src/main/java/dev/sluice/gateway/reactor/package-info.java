/** GatewayClient: one shard of the Discord Gateway as Reactor streams, over Reactor Netty. */
package dev.sluice.gateway.reactor;
