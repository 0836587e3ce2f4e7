package dev.sluice.gateway.testkit;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** A minimal blocking HTTP client for tests of the fake's REST and control endpoints. */
final class Http {

  record Response(int status, String body) {}

  private static final HttpClient CLIENT = HttpClient.create();

  private Http() {}

  static Response get(String url, String authorization) {
    return CLIENT
        .headers(
            h -> {
              if (authorization != null) {
                h.set("Authorization", authorization);
              }
            })
        .get()
        .uri(url)
        .responseSingle(
            (res, body) ->
                body.asString().defaultIfEmpty("").map(b -> new Response(res.status().code(), b)))
        .block(Duration.ofSeconds(10));
  }

  static Response post(String url, String body, String authorization) {
    return CLIENT
        .headers(
            h -> {
              h.set("Content-Type", "application/json");
              if (authorization != null) {
                h.set("Authorization", authorization);
              }
            })
        .post()
        .uri(url)
        .send(ByteBufFlux.fromString(Mono.just(body)))
        .responseSingle(
            (res, b) ->
                b.asString().defaultIfEmpty("").map(s -> new Response(res.status().code(), s)))
        .block(Duration.ofSeconds(10));
  }
}
