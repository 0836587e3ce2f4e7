/** RestClient: the Discord REST calls a gateway bot makes, with Discord's rate limits. */
module dev.sluice.gateway.rest {
  requires transitive dev.sluice.gateway.core;
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires transitive reactor.netty.http;
  requires reactor.netty.core;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.transport;
  requires io.netty.common;
  requires tools.jackson.core;
  requires org.slf4j;

  exports dev.sluice.gateway.rest;

  opens dev.sluice.gateway.rest to
      tools.jackson.databind;
}
