package dev.sluice.gateway.redis;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The consecutive failures of a periodic task (a node's lease rounds), so that an outage is logged
 * twice, when it starts (WARN, with the cause) and when it ends (INFO, with how many rounds failed
 * and for how long), instead of once a round: a Redis outage of a minute would otherwise log
 * hundreds of lines per node. The failures in between are logged at DEBUG.
 *
 * <p>Thread-safe (a task's rounds run one at a time, but not always on the same thread).
 */
final class FailureStreak {

  private final Logger log;
  private final String task;
  private final LongSupplier millis;
  private int failed;
  private long since;

  /**
   * @param task what fails, as the log lines name it ("node a: lease round")
   * @param millis the clock the streak's duration is read from
   */
  FailureStreak(Logger log, String task, LongSupplier millis) {
    this.log = log;
    this.task = task;
    this.millis = millis;
  }

  synchronized void failed(Throwable e) {
    if (failed++ == 0) {
      since = millis.getAsLong();
      log.warn(
          "{} failed: {} (until one succeeds, further failures are logged at DEBUG)",
          task,
          e.toString());
    } else {
      log.debug("{} failed again ({} in a row): {}", task, failed, e.toString());
    }
  }

  synchronized void succeeded() {
    if (failed > 0) {
      log.info(
          "{} succeeded again after {} failed in {} ms", task, failed, millis.getAsLong() - since);
      failed = 0;
    }
  }

  /** How many rounds have failed since the last success. */
  synchronized int failures() {
    return failed;
  }
}
