package dev.sluice.gateway.testkit;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The message and interaction routes of the fake's REST side, under {@code /api/v10}. Every request
 * passes the same gate, in Discord's order: authorization (401), scripted 429s, the global limit,
 * the route's bucket; then the endpoint answers ({@link RestEndpoints}) with the bucket's headers.
 * Runs on the server's event loops; state lives in {@link FakeRest}.
 */
final class RestRoutes {

  /** One request as the endpoints see it. */
  record Call(String template, Map<String, String> params, String body) {
    String param(String name) {
      return params.get(name);
    }
  }

  /** An endpoint's answer: a status and a JSON body (null for none). */
  record Answer(int status, String body) {}

  private static final String BASE = "/api/v10";
  private static final AttributeKey<ScheduledFuture<?>> IDLE = AttributeKey.valueOf("sluice.idle");

  private final FakeGateway gateway;
  private final GatewayProtocol protocol;
  private final FakeRest rest;
  private final RestEndpoints endpoints;
  private final Duration idleTimeout;

  RestRoutes(FakeGateway gateway, GatewayProtocol protocol, FakeRest rest, Duration idleTimeout) {
    this.gateway = gateway;
    this.protocol = protocol;
    this.rest = rest;
    this.endpoints = new RestEndpoints(gateway, protocol, rest);
    this.idleTimeout = idleTimeout;
  }

  void register(HttpServerRoutes routes) {
    String messages = "/channels/{channelId}/messages";
    String message = messages + "/{messageId}";
    String webhook = "/webhooks/{applicationId}/{interactionToken}";
    String followup = webhook + "/messages/{messageId}";
    add(routes, "POST", messages, "channelId", endpoints::createMessage);
    add(routes, "PATCH", message, "channelId", endpoints::editMessage);
    add(routes, "DELETE", message, "channelId", endpoints::deleteMessage);
    add(
        routes,
        "POST",
        "/interactions/{interactionId}/{interactionToken}/callback",
        "interactionId",
        endpoints::callback);
    add(routes, "POST", webhook, "interactionToken", endpoints::createFollowup);
    add(routes, "PATCH", followup, "interactionToken", endpoints::editFollowup);
    add(routes, "DELETE", followup, "interactionToken", endpoints::deleteFollowup);
  }

  /** Routes {@code method} on {@code template} ({@code {name}} matches one path segment). */
  private void add(
      HttpServerRoutes routes,
      String method,
      String template,
      String major,
      Function<Call, Answer> endpoint) {
    Pattern path = Pattern.compile(BASE + template.replaceAll("\\{[a-zA-Z]+}", "[^/]+"));
    routes.route(
        r -> r.method().name().equals(method) && path.matcher(r.fullPath()).matches(),
        route(method, template, major, endpoint));
  }

  private java.util.function.BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> route(
      String method, String template, String major, Function<Call, Answer> endpoint) {
    return (req, res) -> {
      Channel channel = channelOf(req);
      cancelIdle(channel);
      boolean authorized =
          protocol.authorized(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
      Map<String, String> params = params(req, template);
      String path = req.fullPath();
      return req.receive()
          .aggregate()
          .asString()
          .defaultIfEmpty("")
          .flatMap(
              body -> {
                Incoming in =
                    new Incoming(method, path, new Call(template, params, body), channel, res);
                return authorized
                    ? answer(in, major, endpoint)
                    : send(in, 401, Map.of(), null, RestEndpoints.UNAUTHORIZED);
              });
    };
  }

  /** One request on its way through the gate. */
  private record Incoming(
      String method, String path, Call call, Channel channel, HttpServerResponse res) {
    String connection() {
      return channel == null ? "?" : channel.id().asShortText();
    }
  }

  private Mono<Void> answer(Incoming in, String major, Function<Call, Answer> endpoint) {
    RestRateLimits.Verdict verdict = gate(in.call().template(), in.call().param(major));
    if (!verdict.allowed()) {
      return send(in, 429, verdict.headers(), verdict.scope(), tooMany(verdict));
    }
    Answer answer = endpoint.apply(in.call());
    if (rest.takeCloseAfter()) {
      record(in, 0, null);
      if (in.channel() != null) {
        in.channel().close();
      }
      return Mono.empty();
    }
    return send(in, answer.status(), verdict.headers(), null, answer.body());
  }

  private RestRateLimits.Verdict gate(String template, String majorValue) {
    long[] scripted = rest.takeScripted429();
    if (scripted != null) {
      FakeRest.Scope scope = FakeRest.Scope.values()[(int) scripted[0]];
      String name = scope.name().toLowerCase(java.util.Locale.ROOT);
      return new RestRateLimits.Verdict(
          false, rest.limits.forced(name, template, scripted[1]), scripted[1], name);
    }
    return rest.limits.admit(template, majorValue, System.nanoTime());
  }

  private static String tooMany(RestRateLimits.Verdict v) {
    return "{\"message\":\"You are being rate limited.\",\"retry_after\":"
        + RestRateLimits.seconds(v.retryAfterMillis())
        + ",\"global\":"
        + "global".equals(v.scope())
        + ",\"code\":0}";
  }

  private Mono<Void> send(
      Incoming in, int status, Map<String, String> headers, String scope, String body) {
    record(in, status, scope);
    HttpServerResponse res = in.res();
    headers.forEach(res::header);
    res.status(HttpResponseStatus.valueOf(status));
    Mono<Void> sent =
        body == null
            ? res.send().then()
            : res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body))
                .then();
    return sent.doOnSuccess(v -> scheduleIdle(in.channel()));
  }

  private void record(Incoming in, int status, String scope) {
    rest.record(
        new FakeRest.Request(
            in.method(),
            in.path(),
            in.call().body(),
            status,
            scope,
            in.connection(),
            gateway.now()));
  }

  // ---- idle keep-alive connections ------------------------------------------------------------

  private static Channel channelOf(HttpServerRequest req) {
    Channel[] out = new Channel[1];
    req.withConnection(c -> out[0] = c.channel());
    return out[0];
  }

  private static void cancelIdle(Channel channel) {
    if (channel != null) {
      ScheduledFuture<?> pending = channel.attr(IDLE).getAndSet(null);
      if (pending != null) {
        pending.cancel(false);
      }
    }
  }

  private void scheduleIdle(Channel channel) {
    if (idleTimeout.isZero() || channel == null || !channel.isActive()) {
      return;
    }
    ScheduledFuture<?> task =
        channel
            .eventLoop()
            .schedule(
                () -> {
                  if (channel.isActive()) {
                    rest.idleClose();
                    channel.close();
                  }
                },
                idleTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    ScheduledFuture<?> previous = channel.attr(IDLE).getAndSet(task);
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private static Map<String, String> params(HttpServerRequest req, String template) {
    java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
    String[] names = template.split("/");
    String[] values = req.fullPath().substring(BASE.length()).split("/");
    for (int i = 0; i < names.length && i < values.length; i++) {
      if (names[i].startsWith("{")) {
        out.put(names[i].substring(1, names[i].length() - 1), values[i]);
      }
    }
    return out;
  }
}
