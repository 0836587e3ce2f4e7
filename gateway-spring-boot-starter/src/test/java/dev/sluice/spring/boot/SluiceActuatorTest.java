package dev.sluice.spring.boot;

import static dev.sluice.spring.boot.ActuatorSupport.INTERVAL;
import static dev.sluice.spring.boot.ActuatorSupport.WAIT;
import static dev.sluice.spring.boot.ActuatorSupport.awaitHealth;
import static dev.sluice.spring.boot.ActuatorSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The starter in a running WebFlux application against the fake gateway. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SluiceActuatorTest {

  static final String TOKEN = "MTAwMjAwMzAw.actuator.secret-token-value";
  static final FakeGateway FAKE = ActuatorSupport.fake(TOKEN);

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    ActuatorSupport.properties(registry, FAKE, TOKEN);
  }

  @AfterAll
  static void stopFake() {
    FAKE.close();
  }

  @Autowired Environment environment;

  WebTestClient web() {
    return ActuatorSupport.client(environment.getProperty("local.server.port", Integer.class));
  }

  @Test
  void healthIsUpAfterReadyLeavesUpWithinTwoIntervalsWithoutAcksAndReturnsAfterTheResume() {
    WebTestClient web = web();
    Map<String, Object> up = awaitHealth(web, "/actuator/health/gateway", status("UP"), WAIT);
    assertThat(shard0(up))
        .containsEntry("state", "ready")
        .containsEntry("sessionPresent", true)
        .containsKeys("lastAckAgeMs", "heartbeatIntervalMs", "resumes");

    FAKE.stopAcks();
    // Two intervals, plus what polling and scheduling add.
    Map<String, Object> down =
        awaitHealth(
            web,
            "/actuator/health/gateway",
            body -> !status("UP").test(body),
            INTERVAL.multipliedBy(2).plusMillis(500));
    assertThat(down.get("status")).isIn("DOWN", "STARTING");

    FAKE.resumeAcks();
    Map<String, Object> back = awaitHealth(web, "/actuator/health/gateway", status("UP"), WAIT);
    assertThat(shard0(back).get("resumes")).isEqualTo(1);
    awaitHealth(web, "/actuator/health", status("UP"), WAIT);
  }

  @Test
  void prometheusShowsTheEventsCounterMovingAndTheHeartbeatTimer() {
    WebTestClient web = web();
    awaitHealth(web, "/actuator/health/gateway", status("UP"), WAIT);
    double before = typingStarts(scrape(web));
    FAKE.dispatch("TYPING_START", Events.typingStart("1", "2"));
    FAKE.dispatch("TYPING_START", Events.typingStart("1", "3"));
    String text =
        ActuatorSupport.poll(
            () -> scrape(web), t -> typingStarts(t) >= before + 2, WAIT, "the events counter");
    assertThat(typingStarts(text)).isEqualTo(before + 2);
    assertThat(text)
        .contains("sluice_heartbeat_roundtrip_seconds_count{shard=\"0\"}")
        .contains("sluice_shard_state{shard=\"0\"} 5.0")
        .doesNotContain(TOKEN);
  }

  @Test
  void envAndConfigpropsMaskTheToken() {
    WebTestClient web = web();
    String env = get(web, "/actuator/env");
    String one = get(web, "/actuator/env/sluice.token");
    String configprops = get(web, "/actuator/configprops");
    assertThat(env).contains("sluice.token").doesNotContain(TOKEN);
    assertThat(one).contains("******").doesNotContain(TOKEN);
    assertThat(configprops).contains("sluice").contains("apiUrl").doesNotContain(TOKEN);
    // The other values are shown (show-values: always): the masking is the token's alone.
    assertThat(configprops).contains(FAKE.apiUrl());
  }

  static String get(WebTestClient web, String path) {
    return web.get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  static String scrape(WebTestClient web) {
    return get(web, "/actuator/prometheus");
  }

  static double typingStarts(String text) {
    Matcher m =
        Pattern.compile(
                "sluice_events_received_total\\{shard=\"0\",type=\"TYPING_START\"} ([0-9.E]+)")
            .matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> shard0(Map<String, Object> group) {
    Map<String, Object> components = (Map<String, Object>) group.get("components");
    Map<String, Object> sluice = (Map<String, Object>) components.get("sluice");
    Map<String, Object> details = (Map<String, Object>) sluice.get("details");
    Map<String, Object> shards = (Map<String, Object>) details.get("shards");
    return (Map<String, Object>) shards.get("0");
  }
}
