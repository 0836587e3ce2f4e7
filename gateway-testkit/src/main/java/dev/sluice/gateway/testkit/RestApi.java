package dev.sluice.gateway.testkit;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The REST endpoints a bot needs, under {@code /api/v10}: {@code GET /gateway} and {@code GET
 * /gateway/bot}. Messages and interactions are {@link RestRoutes}.
 */
final class RestApi {

  private static final String BASE = "/api/v10";

  private final FakeGateway gateway;
  private final GatewayProtocol protocol;

  RestApi(FakeGateway gateway, GatewayProtocol protocol) {
    this.gateway = gateway;
    this.protocol = protocol;
  }

  void register(HttpServerRoutes routes) {
    routes
        .get(
            BASE + "/gateway",
            (req, res) ->
                json(
                    res,
                    HttpResponseStatus.OK,
                    "{\"url\":" + ServerPayloads.quote(gateway.url()) + "}"))
        .get(
            BASE + "/gateway/bot",
            (req, res) ->
                protocol.authorized(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))
                    ? json(res, HttpResponseStatus.OK, protocol.gatewayBotBody())
                    : unauthorized(res));
  }

  private static Mono<Void> unauthorized(HttpServerResponse res) {
    return json(
        res, HttpResponseStatus.UNAUTHORIZED, "{\"message\":\"401: Unauthorized\",\"code\":0}");
  }

  static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, String body) {
    return res.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .sendString(Mono.just(body))
        .then();
  }
}
