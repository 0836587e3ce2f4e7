/** FakeGateway: a real, scriptable Discord gateway on loopback for tests and demos. */
module dev.sluice.gateway.testkit {
  requires transitive dev.sluice.gateway.core;
  requires transitive reactor.netty.http;
  requires reactor.netty.core;
  requires reactor.core;
  requires org.reactivestreams;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.codec;
  requires io.netty.transport;
  requires io.netty.common;
  requires tools.jackson.core;
  requires static org.junit.jupiter.api;
  requires static reactor.test;

  exports dev.sluice.gateway.testkit;
}
