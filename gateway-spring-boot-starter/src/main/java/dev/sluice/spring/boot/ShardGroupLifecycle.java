package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.ShardGroup;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Ties a {@link ShardGroup} to the application context: connects on start, closes on stop ({@code
 * sluice.close-mode}: 1000 or resumably), in the graceful-shutdown phase, so the shards close while
 * the web server drains its requests and before the context's beans are destroyed.
 *
 * <p>Called by the context's lifecycle processor, one call at a time. The group runs until it is
 * closed; a fatal close (bad token, disallowed intents) is logged and shown by the health
 * indicator, and does not stop the application.
 */
public final class ShardGroupLifecycle implements SmartLifecycle {

  /** Spring Boot's graceful-shutdown phase ({@code SmartLifecycle.DEFAULT_PHASE - 1024}). */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private static final Logger log = LoggerFactory.getLogger(ShardGroupLifecycle.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ShardGroup group;
  private final SluiceProperties.CloseMode closeMode;
  private volatile Disposable running;

  public ShardGroupLifecycle(ShardGroup group, SluiceProperties.CloseMode closeMode) {
    this.group = group;
    this.closeMode = closeMode;
  }

  @Override
  public void start() {
    running =
        group
            .connect()
            .subscribe(
                null,
                e -> log.error("the Discord gateway stopped: {}", e.getMessage()),
                () -> log.info("the Discord gateway closed"));
  }

  @Override
  public void stop(Runnable callback) {
    var close =
        closeMode == SluiceProperties.CloseMode.RESUMABLE
            ? group.closeResumable().then()
            : group.close();
    close
        .timeout(STOP_TIMEOUT)
        .doFinally(
            s -> {
              Disposable r = running;
              if (r != null) {
                r.dispose();
              }
              running = null;
              callback.run();
            })
        .subscribe(null, e -> log.warn("shards did not close cleanly: {}", e.toString()));
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
