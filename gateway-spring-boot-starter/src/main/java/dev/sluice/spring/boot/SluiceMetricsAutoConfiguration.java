package dev.sluice.spring.boot;

import dev.sluice.gateway.micrometer.SluiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link SluiceMetrics} (the {@code sluice.*} meters of every shard) when Micrometer and
 * {@code gateway-micrometer} are on the class path and the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(
    before = SluiceAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, SluiceMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class SluiceMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SluiceMetrics sluiceMetrics(MeterRegistry registry) {
    return SluiceMetrics.of(registry);
  }
}
