package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureStreakTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("test.FailureStreak");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final FailureStreak streak = new FailureStreak(logger, "node a: lease round", clock::get);

  @BeforeEach
  void capture() {
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  @Test
  void aStreakIsOneWarningWhenItStartsAndOneInfoWhenItEnds() {
    streak.succeeded(); // nothing failed: nothing to say
    streak.failed(new IllegalStateException("redis down"));
    clock.addAndGet(250);
    streak.failed(new IllegalStateException("redis down"));
    clock.addAndGet(250);
    streak.failed(new IllegalStateException("redis still down"));
    assertThat(streak.failures()).isEqualTo(3);
    streak.succeeded();
    streak.succeeded();

    assertThat(lines())
        .containsExactly(
            "WARN node a: lease round failed: java.lang.IllegalStateException: redis down"
                + " (until one succeeds, further failures are logged at DEBUG)",
            "DEBUG node a: lease round failed again (2 in a row):"
                + " java.lang.IllegalStateException: redis down",
            "DEBUG node a: lease round failed again (3 in a row):"
                + " java.lang.IllegalStateException: redis still down",
            "INFO node a: lease round succeeded again after 3 failed in 500 ms");
    assertThat(streak.failures()).isZero();
  }

  @Test
  void theNextStreakWarnsAgain() {
    streak.failed(new IllegalStateException("first"));
    streak.succeeded();
    streak.failed(new IllegalStateException("second"));

    assertThat(lines()).filteredOn(l -> l.startsWith("WARN")).hasSize(2);
    assertThat(lines().get(2)).contains("second");
  }

  private List<String> lines() {
    return logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }
}
