package dev.sluice.spring.boot;

import static dev.sluice.spring.boot.ActuatorSupport.WAIT;
import static dev.sluice.spring.boot.ActuatorSupport.awaitHealth;
import static dev.sluice.spring.boot.ActuatorSupport.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.testkit.FakeGateway;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A fatal close code takes the health DOWN, saying what the code means. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SluiceFatalCloseTest {

  static final String TOKEN = "MTAwMjAwMzAw.fatal.secret-token-value";
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

  @Test
  void a4004CloseIsDownWithAuthenticationFailed() {
    WebTestClient web =
        ActuatorSupport.client(environment.getProperty("local.server.port", Integer.class));
    awaitHealth(web, "/actuator/health/gateway", status("UP"), WAIT);
    FAKE.close(GatewayCloseCode.AUTHENTICATION_FAILED);
    Map<String, Object> down = awaitHealth(web, "/actuator/health", status("DOWN"), WAIT);
    assertThat(down.toString()).contains("authentication failed").doesNotContain(TOKEN);
    web.get().uri("/actuator/health/gateway").exchange().expectStatus().isEqualTo(503);
  }
}
