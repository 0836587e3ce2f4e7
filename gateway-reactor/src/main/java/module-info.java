/** The Discord Gateway over Reactor Netty: GatewayClient, its connection loop and event streams. */
module dev.sluice.gateway.reactor {
  requires transitive dev.sluice.gateway.core;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires reactor.netty.http;
  requires reactor.netty.core;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.transport;
  requires io.netty.common;
  requires org.slf4j;
  // GracefulShutdown handles SIGTERM through sun.misc.Signal (by reflection).
  requires jdk.unsupported;

  exports dev.sluice.gateway.reactor;
}
