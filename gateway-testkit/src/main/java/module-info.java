/** FakeGateway: a real, scriptable Discord gateway on loopback for tests and demos. */
module dev.sluice.gateway.testkit {
  requires transitive dev.sluice.gateway.core;
  requires transitive reactor.netty.http;
  requires reactor.netty.core;
  // Transcript.frames() returns a Flux.
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  // Reactor Netty is an automatic module and cannot pull in the Netty modules it loads at run time;
  // without these, `java --module-path` fails at the first HttpServer (ModulePathIT runs it).
  requires io.netty.codec.http2;
  requires io.netty.resolver.dns;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.codec;
  requires io.netty.transport;
  requires io.netty.common;
  requires tools.jackson.core;
  // Only to serve zstd-stream, as gateway-core only reads it: a fake asked for zstd-stream without
  // it refuses the upgrade, saying which dependency to add.
  requires static com.github.luben.zstd_jni;
  requires static org.junit.jupiter.api;
  requires static reactor.test;

  exports dev.sluice.gateway.testkit;
}
