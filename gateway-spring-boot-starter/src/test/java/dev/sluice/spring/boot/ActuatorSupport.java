package dev.sluice.spring.boot;

import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the actuator tests share: properties for a fake gateway, and reading the health. */
final class ActuatorSupport {

  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration WAIT = Duration.ofSeconds(20);

  private ActuatorSupport() {}

  static FakeGateway fake(String token) {
    return FakeGateway.builder().token(token).heartbeatInterval(INTERVAL).start();
  }

  static void properties(DynamicPropertyRegistry registry, FakeGateway fake, String token) {
    registry.add("sluice.token", () -> token);
    registry.add("sluice.api-url", fake::apiUrl);
    registry.add("sluice.intents", () -> "guilds,guild-messages");
    // A zombie's reconnect waits one second, so the health has a moment to show it.
    registry.add("sluice.reconnect.first-backoff", () -> "1s");
    registry.add("sluice.reconnect.max-backoff", () -> "1s");
    registry.add("sluice.reconnect.jitter", () -> "0");
    registry.add("sluice.reconnect.immediate-after-healthy", () -> "false");
    registry.add("management.endpoints.web.exposure.include", () -> "*");
    registry.add("management.endpoint.health.show-details", () -> "always");
    registry.add("management.endpoint.env.show-values", () -> "always");
    registry.add("management.endpoint.configprops.show-values", () -> "always");
  }

  static WebTestClient client(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(WAIT)
        .build();
  }

  /** The health body (any HTTP status: DOWN is served as 503). */
  static Map<String, Object> health(WebTestClient web, String path) {
    return web.get()
        .uri(path)
        .exchange()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  /** Polls {@code path} until its body matches, within {@code within}; returns it. */
  static Map<String, Object> awaitHealth(
      WebTestClient web, String path, Predicate<Map<String, Object>> match, Duration within) {
    return poll(() -> health(web, path), match, within, "health");
  }

  /**
   * Reads {@code read} every 50 ms until {@code match} holds, within {@code within}; returns the
   * matching value, or fails naming {@code what} and the last value read.
   */
  static <T> T poll(Supplier<T> read, Predicate<T> match, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    T value = read.get();
    while (!match.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " never matched within " + within + "; last: " + value);
      }
      reactor.core.publisher.Mono.delay(Duration.ofMillis(50)).block();
      value = read.get();
    }
    return value;
  }

  static Predicate<Map<String, Object>> status(String status) {
    return body -> body != null && status.equals(body.get("status"));
  }
}
