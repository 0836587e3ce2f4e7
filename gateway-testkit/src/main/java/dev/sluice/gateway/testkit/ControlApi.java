package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.LinkedHashMap;
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
        case "close" -> close(query);
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

  /** {@code code} defaults to 4000 (unknown error); {@code reason} to the code's description. */
  private void close(Map<String, List<String>> query) {
    List<String> code = query.get("code");
    if (code == null || code.isEmpty()) {
      gateway.close(GatewayCloseCode.UNKNOWN_ERROR);
      return;
    }
    int value = Integer.parseInt(code.get(0));
    gateway.close(value, first(query, "reason", GatewayCloseCode.of(value).description()));
  }

  /**
   * Each frame as an object with {@code at}, {@code connection}, {@code kind} (OPENED, PAYLOAD,
   * RAW, CLOSED) and {@code from_client}, plus what the kind has: {@code path}; {@code op} and
   * {@code json}; {@code note}; {@code close_code} (absent without a close frame) and {@code
   * reason}.
   */
  private String transcriptJson() {
    return Json.MAPPER.writeValueAsString(
        gateway.transcript().all().stream().map(ControlApi::frameJson).toList());
  }

  private static Map<String, Object> frameJson(Frame frame) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", frame.at().toString());
    out.put("connection", frame.connection());
    out.put("from_client", frame.fromClient());
    if (frame instanceof Frame.Opened opened) {
      out.put("kind", "OPENED");
      out.put("path", opened.path());
    } else if (frame instanceof Frame.Payload payload) {
      out.put("kind", "PAYLOAD");
      out.put("op", payload.opcode().code());
      out.put("json", payload.json());
    } else if (frame instanceof Frame.Raw raw) {
      out.put("kind", "RAW");
      out.put("note", raw.note());
    } else if (frame instanceof Frame.Closed closed) {
      out.put("kind", "CLOSED");
      closed.code().ifPresent(code -> out.put("close_code", code));
      out.put("reason", closed.reason());
    }
    return out;
  }

  private static String first(Map<String, List<String>> query, String key, String fallback) {
    List<String> values = query.get(key);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }
}
