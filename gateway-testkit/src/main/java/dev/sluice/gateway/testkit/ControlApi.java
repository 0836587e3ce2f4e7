package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The scripted faults over HTTP, for bots in any language testing against the standalone server.
 * Every action is a {@code POST /control/<action>}; parameters are query parameters. See
 * docs/testing.md.
 */
final class ControlApi {

  private final FakeGateway gateway;

  ControlApi(FakeGateway gateway) {
    this.gateway = gateway;
  }

  void register(HttpServerRoutes routes) {
    routes
        .post("/control/dispatch", this::dispatch)
        .post("/control/{action}", this::act)
        .get(
            "/control/transcript",
            (req, res) -> RestApi.json(res, HttpResponseStatus.OK, transcriptJson()));
  }

  private Mono<Void> act(HttpServerRequest req, HttpServerResponse res) {
    Map<String, List<String>> query = new QueryStringDecoder(req.uri()).parameters();
    try {
      switch (req.param("action")) {
        case "reconnect" -> gateway.reconnect();
        case "invalid-session" ->
            gateway.invalidSession(Boolean.parseBoolean(first(query, "resumable", "false")));
        case "close" ->
            gateway.close(
                Integer.parseInt(first(query, "code", "4000")), first(query, "reason", ""));
        case "drop" -> gateway.dropConnections();
        case "heartbeat-request" -> gateway.requestHeartbeat();
        case "stop-acks" -> gateway.stopAcks();
        case "resume-acks" -> gateway.resumeAcks();
        case "delay-acks" ->
            gateway.delayAcks(Duration.ofMillis(Long.parseLong(first(query, "ms", "1000"))));
        case "withhold-hello" ->
            gateway.withholdHello(Boolean.parseBoolean(first(query, "withhold", "true")));
        case "malformed" -> gateway.sendMalformedFrame();
        case "oversized" ->
            gateway.sendOversizedFrame(Integer.parseInt(first(query, "bytes", "1048576")));
        case "skip-on-resume" -> gateway.skipOnResume(Integer.parseInt(first(query, "count", "1")));
        default -> {
          return RestApi.json(res, HttpResponseStatus.NOT_FOUND, "{\"error\":\"unknown action\"}");
        }
      }
    } catch (IllegalArgumentException e) {
      return RestApi.json(
          res,
          HttpResponseStatus.BAD_REQUEST,
          "{\"error\":" + ServerPayloads.quote(String.valueOf(e.getMessage())) + "}");
    }
    return RestApi.json(res, HttpResponseStatus.OK, "{\"ok\":true}");
  }

  /** Body {@code {"t": "EVENT_NAME", "d": {...}, "shard": optional id}}. */
  private Mono<Void> dispatch(HttpServerRequest req, HttpServerResponse res) {
    return req.receive()
        .aggregate()
        .asString()
        .defaultIfEmpty("")
        .flatMap(
            body -> {
              JsonNode json;
              try {
                json = Json.MAPPER.readTree(body);
              } catch (JacksonException e) {
                json = null;
              }
              if (json == null || !json.path("t").isString() || !json.has("d")) {
                return RestApi.json(
                    res, HttpResponseStatus.BAD_REQUEST, "{\"error\":\"need t and d\"}");
              }
              String type = json.path("t").asString();
              String data = Json.MAPPER.writeValueAsString(json.get("d"));
              int sessions =
                  json.path("shard").isIntegralNumber()
                      ? gateway.dispatchToShard(json.path("shard").asInt(), type, data)
                      : gateway.dispatch(type, data);
              return RestApi.json(res, HttpResponseStatus.OK, "{\"sessions\":" + sessions + "}");
            });
  }

  private String transcriptJson() {
    return Json.MAPPER.writeValueAsString(
        gateway.transcript().all().stream()
            .map(
                f ->
                    Map.of(
                        "at", f.at().toString(),
                        "connection", f.connection(),
                        "kind", f.kind().name(),
                        "from_client", f.fromClient(),
                        "op", f.op(),
                        "close_code", f.closeCode(),
                        "json", f.json()))
            .toList());
  }

  private static String first(Map<String, List<String>> query, String key, String fallback) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
