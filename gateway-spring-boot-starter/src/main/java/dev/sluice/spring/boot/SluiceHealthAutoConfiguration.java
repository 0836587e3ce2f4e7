package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.ShardGroup;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link SluiceHealthIndicator} as the {@code sluice} health contributor when Spring
 * Boot's health support is on the class path ({@code management.health.sluice.enabled} turns it
 * off).
 */
@AutoConfiguration(after = SluiceAutoConfiguration.class)
@ConditionalOnClass(ReactiveHealthIndicator.class)
@ConditionalOnBean({ShardGroup.class, ShardHealthTracker.class})
@ConditionalOnEnabledHealthIndicator("sluice")
public class SluiceHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "sluiceHealthIndicator")
  SluiceHealthIndicator sluiceHealthIndicator(ShardGroup group, ShardHealthTracker tracker) {
    return new SluiceHealthIndicator(group, tracker);
  }
}
