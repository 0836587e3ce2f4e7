package dev.sluice.gateway.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;

/**
 * Performs one HTTP exchange and reads the whole answer. Called by {@link RateLimiter} when a
 * request leaves its lane; the Mono completes on an event loop and never blocks it. The {@link
 * HttpClient} already carries the {@code Authorization} header, so the token is not handled here.
 */
final class HttpExchange {

  private static final byte[] EMPTY = new byte[0];

  private final HttpClient http;
  private final HttpClient jsonHttp;
  private final String apiUrl;
  private final Duration timeout;
  private final Scheduler scheduler;

  HttpExchange(HttpClient http, String apiUrl, Duration timeout, Scheduler scheduler) {
    this.http = http;
    this.jsonHttp = http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    this.apiUrl = apiUrl;
    this.timeout = timeout;
    this.scheduler = scheduler;
  }

  /** The exchange, started on subscription; {@code body} is JSON or null for none. */
  Mono<RestResponse> exchange(Route route, byte[] body) {
    HttpClient client = body == null ? http : jsonHttp;
    HttpClient.RequestSender sender =
        client.request(HttpMethod.valueOf(route.method())).uri(apiUrl + route.path());
    HttpClient.ResponseReceiver<?> receiver =
        body == null ? sender : sender.send((req, out) -> out.sendByteArray(Mono.just(body)));
    return receiver
        .responseSingle(
            (response, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(EMPTY)
                    .map(
                        bytes -> {
                          int status = response.status().code();
                          RateLimitHeaders limits =
                              RateLimitHeaders.parse(
                                  status, response.responseHeaders()::get, bytes);
                          return new RestResponse(status, limits, bytes);
                        }))
        .timeout(timeout, scheduler);
  }
}
