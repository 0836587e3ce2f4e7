package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.model.Message;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * The plumbing behind {@link RestClient}'s methods: encodes the body, queues the request in the
 * {@link RateLimiter}, maps the answer to a result or a typed {@link RestException}. Nothing runs
 * before subscription. Thread-safe.
 */
final class RestCalls {

  private final HttpExchange http;
  private final RateLimiter limiter;
  private final AtomicLong nonces;

  RestCalls(HttpExchange http, RateLimiter limiter, long nonceSeed) {
    this.http = http;
    this.limiter = limiter;
    this.nonces = new AtomicLong(nonceSeed);
  }

  /**
   * A create: the body gets a nonce with {@code enforce_nonce}, chosen now, so every subscription
   * to the returned Mono (our retries and the caller's) asks for the same single message.
   */
  Mono<Message> create(Route route, Object body) {
    String nonce = Long.toUnsignedString(nonces.incrementAndGet());
    return message(route, RestJson.withNonce(body, nonce));
  }

  /** A request answered with a message. */
  Mono<Message> message(Route route, byte[] body) {
    return send(route, body)
        .map(
            response -> {
              try {
                return RestJson.read(response.body(), Message.class);
              } catch (JacksonException e) {
                throw new RestException(
                    RestException.Kind.DECODE,
                    route.describe(),
                    response.status(),
                    0,
                    "undecodable message",
                    e);
              }
            });
  }

  /** A request answered with no body of interest (204). */
  Mono<Void> empty(Route route, byte[] body) {
    return send(route, body).then();
  }

  int invalidRequests() {
    return limiter.invalidRequests();
  }

  private Mono<RestResponse> send(Route route, byte[] body) {
    return limiter
        .submit(route, () -> http.exchange(route, body))
        .flatMap(
            response ->
                response.isSuccess() ? Mono.just(response) : Mono.error(failure(route, response)));
  }

  static RestException failure(Route route, RestResponse response) {
    int status = response.status();
    RestJson.ErrorBody error = RestJson.ErrorBody.parse(response.body());
    RestException.Kind kind;
    if (status == 401) {
      kind = RestException.Kind.UNAUTHORIZED;
    } else if (status == 403) {
      kind = RestException.Kind.FORBIDDEN;
    } else if (status == 404) {
      kind = RestException.Kind.NOT_FOUND;
    } else if (status == 429) {
      kind = RestException.Kind.RATE_LIMITED;
    } else if (status >= 500) {
      kind = RestException.Kind.SERVER_ERROR;
    } else {
      kind = RestException.Kind.BAD_REQUEST;
    }
    return new RestException(kind, route.describe(), status, error.code(), error.message(), null);
  }
}
