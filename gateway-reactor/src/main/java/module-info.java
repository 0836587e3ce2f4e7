/** The Discord Gateway over Reactor Netty: GatewayClient, its connection loop and event streams. */
module dev.sluice.gateway.reactor {
  requires transitive dev.sluice.gateway.core;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  // GatewayClientBuilder, ShardGroup.Builder and GatewayBotLookup name Reactor Netty's HttpClient.
  requires transitive reactor.netty.http;
  requires reactor.netty.core;
  // Reactor Netty is an automatic module and cannot pull in the Netty modules it loads at run time;
  // without these, `java --module-path` fails at the first HttpClient (ModulePathIT runs it).
  requires io.netty.codec.http2;
  requires io.netty.resolver.dns;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.transport;
  requires io.netty.common;
  requires org.slf4j;
  // GracefulShutdown handles SIGTERM through sun.misc.Signal (by reflection).
  requires jdk.unsupported;

  exports dev.sluice.gateway.reactor;
}
