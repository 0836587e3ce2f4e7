package dev.sluice.spring.boot;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds, at the lowest precedence (any setting of the application wins): the {@code gateway} health
 * group ({@code /actuator/health/gateway}, for a readiness probe), and the {@code STARTING} status
 * in the health status order and HTTP mapping (503, like DOWN and OUT_OF_SERVICE), so a group with
 * a starting shard is neither UP nor served with 200.
 */
public final class SluiceHealthDefaults implements EnvironmentPostProcessor {

  static final String ORDER = "down,out-of-service,starting,up,unknown";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String health = "management.endpoint.health.";
    String group = health + "group.gateway.";
    Map<String, Object> defaults =
        Map.of(
            group + "include",
            "sluice",
            group + "status.order",
            ORDER,
            group + "status.http-mapping.down",
            503,
            group + "status.http-mapping.out-of-service",
            503,
            group + "status.http-mapping.starting",
            503,
            health + "status.order",
            ORDER,
            health + "status.http-mapping.down",
            503,
            health + "status.http-mapping.out-of-service",
            503,
            health + "status.http-mapping.starting",
            503);
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("sluiceHealthDefaults", defaults));
  }
}
