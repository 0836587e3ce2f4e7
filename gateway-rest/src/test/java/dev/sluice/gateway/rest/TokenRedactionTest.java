package dev.sluice.gateway.rest;

import static dev.sluice.gateway.rest.Fakes.CHANNEL;
import static dev.sluice.gateway.rest.Fakes.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.FakeRest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/** Everything this module logs, at every level, while it is rate limited, refused and refusing. */
class TokenRedactionTest {

  @RegisterExtension
  final FakeGatewayExtension fake = new FakeGatewayExtension(b -> b.token(Fakes.TOKEN));

  final Logger ours = (Logger) LoggerFactory.getLogger("dev.sluice.gateway.rest");
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  Level before;

  @BeforeEach
  void capture() {
    before = ours.getLevel();
    ours.setLevel(Level.TRACE);
    logs.start();
    ours.addAppender(logs);
  }

  @AfterEach
  void release() {
    ours.detachAppender(logs);
    ours.setLevel(before);
  }

  @Test
  void theTokenIsInNoLogLineExceptionOrToString() {
    fake.get().rest().rateLimitNext(FakeRest.Scope.USER, Duration.ofMillis(10));
    fake.get().rest().forbiddenChannel(Fakes.OTHER_CHANNEL.asString());
    try (RestClient rest = Fakes.client(fake.get(), b -> b.invalidRequestLimit(2))) {
      StepVerifier.create(rest.createMessage(CHANNEL, "ok"))
          .expectNextCount(1)
          .expectComplete()
          .verify(TIMEOUT);
      StepVerifier.create(rest.createMessage(Fakes.OTHER_CHANNEL, "no"))
          .expectErrorSatisfies(e -> assertThat(e.toString()).doesNotContain(Fakes.TOKEN))
          .verify(TIMEOUT);
      StepVerifier.create(rest.createMessage(CHANNEL, "refused"))
          .expectErrorSatisfies(e -> assertThat(e.toString()).doesNotContain(Fakes.TOKEN))
          .verify(TIMEOUT);
      assertThat(rest.toString()).doesNotContain(Fakes.TOKEN);
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(
            event -> {
              assertThat(event.getFormattedMessage())
                  .doesNotContain(Fakes.TOKEN)
                  .doesNotContain("SECRET");
              if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage()).doesNotContain(Fakes.TOKEN);
              }
            });
  }
}
