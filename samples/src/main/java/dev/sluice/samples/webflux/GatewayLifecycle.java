package dev.sluice.samples.webflux;

import dev.sluice.gateway.reactor.ShardGroup;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Ties the shards' connection to the application context: start connects, stop closes with 1000.
 */
final class GatewayLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GatewayLifecycle.class);

  private final ShardGroup shards;
  private volatile Disposable running;

  GatewayLifecycle(ShardGroup shards) {
    this.shards = shards;
  }

  @Override
  public void start() {
    running =
        shards.connect().subscribe(null, e -> log.error("gateway stopped: {}", e.getMessage()));
  }

  @Override
  public void stop() {
    shards.close().block(Duration.ofSeconds(10));
    Disposable r = running;
    if (r != null) {
      r.dispose();
    }
    running = null;
  }

  @Override
  public boolean isRunning() {
    return running != null;
  }
}
