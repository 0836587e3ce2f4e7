package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The REST endpoints a bot needs, under {@code /api/v10}: {@code GET /gateway}, {@code GET
 * /gateway/bot} and {@code POST /channels/{id}/messages} (which, like Discord, dispatches the
 * posted message back as MESSAGE_CREATE).
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
                    : unauthorized(res))
        .post(
            BASE + "/channels/{id}/messages",
            (req, res) -> {
              if (!protocol.authorized(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
                return unauthorized(res);
              }
              String channelId = req.param("id");
              return req.receive()
                  .aggregate()
                  .asString()
                  .defaultIfEmpty("")
                  .flatMap(body -> postMessage(res, channelId, body));
            });
  }

  private Mono<Void> postMessage(HttpServerResponse res, String channelId, String body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      return json(
          res, HttpResponseStatus.BAD_REQUEST, "{\"message\":\"400: Bad Request\",\"code\":50109}");
    }
    if (json == null
        || !json.path("content").isString()
        || json.path("content").asString().isEmpty()) {
      return json(
          res,
          HttpResponseStatus.BAD_REQUEST,
          "{\"message\":\"Cannot send an empty message\",\"code\":50006}");
    }
    String content = json.path("content").asString();
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("id", protocol.bot().id());
    author.put("username", protocol.bot().username());
    author.put("discriminator", "0");
    author.put("global_name", null);
    author.put("avatar", null);
    author.put("bot", true);
    String message = Events.message(channelId, null, content, author);
    protocol.posted(
        new FakeGateway.PostedMessage(channelId, content, body, gateway.now()), message);
    return json(res, HttpResponseStatus.OK, message);
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
