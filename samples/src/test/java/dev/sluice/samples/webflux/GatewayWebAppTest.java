package dev.sluice.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The WebFlux service against the fake gateway, through WebTestClient. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayWebAppTest {

  static final String TOKEN = "MTAwMjAwMzAw.spring.test";
  static final FakeGateway FAKE =
      FakeGateway.builder().token(TOKEN).shards(2).maxConcurrency(2).start();

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    registry.add("sluice.token", () -> TOKEN);
    registry.add("sluice.api-url", FAKE::apiUrl);
  }

  @AfterAll
  static void stopFake() {
    FAKE.close();
  }

  @Autowired Environment environment;

  @Test
  void statusReportsEveryShardAndEventsStreamAsServerSentEvents() {
    WebTestClient web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<Map<String, Object>> status;
    do {
      status =
          web.get()
              .uri("/status")
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
              .returnResult()
              .getResponseBody();
    } while ((status == null
            || status.size() < 2
            || !status.stream().allMatch(s -> "Ready".equals(s.get("state"))))
        && System.nanoTime() < deadline);
    assertThat(status).hasSize(2).allSatisfy(s -> assertThat(s.get("state")).isEqualTo("Ready"));

    // An event stream's headers go out with its first event: dispatch while the request is open.
    reactor.core.publisher.Mono.delay(Duration.ofSeconds(1))
        .subscribe(
            tick -> {
              FAKE.dispatch("TYPING_START", Events.typingStart("1", "2"));
              FAKE.dispatch("MESSAGE_CREATE", Events.messageCreate("over sse"));
            });
    Flux<ServerSentEvent<Map<String, Object>>> events =
        web.get()
            .uri("/events?type=MESSAGE_CREATE")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {})
            .getResponseBody();
    StepVerifier.create(events.take(1))
        .assertNext(
            sse -> {
              assertThat(sse.event()).isEqualTo("MESSAGE_CREATE");
              assertThat(sse.data()).containsEntry("type", "MESSAGE_CREATE");
              assertThat(String.valueOf(sse.data().get("data"))).contains("over sse");
            })
        .thenCancel()
        .verify(Duration.ofSeconds(20));
  }

  @Test
  void postsAMessageThroughTheRestClient() {
    WebTestClient web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    Map<String, Object> created =
        web.post()
            .uri("/channels/" + Events.DEFAULT_CHANNEL + "/messages")
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("from the service")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult()
            .getResponseBody();
    assertThat(created).containsKey("id");
    assertThat(FAKE.postedMessages()).extracting(p -> p.content()).contains("from the service");
  }

  @Test
  void actuatorShowsTheShardsHealthAndPrometheusTheirMeters() {
    WebTestClient web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Map<String, Object> health = health(web);
    while (!"UP".equals(health.get("status")) && System.nanoTime() < deadline) {
      reactor.core.publisher.Mono.delay(Duration.ofMillis(100)).block();
      health = health(web);
    }
    assertThat(health).containsEntry("status", "UP");
    assertThat(health.get("components").toString()).contains("sluice=").doesNotContain(TOKEN);
    String metrics =
        web.get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(metrics)
        .contains("sluice_events_received_total{shard=\"0\",type=\"READY\"}")
        .contains("sluice_events_received_total{shard=\"1\",type=\"READY\"}")
        .doesNotContain(TOKEN);
  }

  static Map<String, Object> health(WebTestClient web) {
    return web.get()
        .uri("/actuator/health")
        .exchange()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }
}
