package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.GatewayObserver;
import dev.sluice.gateway.reactor.ShardGroup;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link ShardGroup} from {@code sluice.*} ({@link SluiceProperties}), unless the
 * application defines its own, and runs it with the context ({@link ShardGroupLifecycle}). Every
 * {@link GatewayObserver} bean watches its shards ({@link SluiceObservers}).
 */
@AutoConfiguration
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceAutoConfiguration {

  @Bean
  ShardHealthTracker sluiceHealthTracker() {
    return new ShardHealthTracker(System::nanoTime);
  }

  @Bean
  @ConditionalOnMissingBean
  SluiceObservers sluiceObservers(ObjectProvider<GatewayObserver> observers) {
    return new SluiceObservers(GatewayObserver.composite(observers.orderedStream().toList()));
  }

  /**
   * The group.
   *
   * @throws InvalidTokenException when {@code sluice.token} is missing or malformed
   */
  @Bean
  @ConditionalOnMissingBean
  ShardGroup sluiceShardGroup(SluiceProperties properties, SluiceObservers observers) {
    return ShardGroups.builder(properties, observers.observer()).build();
  }

  @Bean
  @ConditionalOnMissingBean
  ShardGroupLifecycle sluiceShardGroupLifecycle(ShardGroup group, SluiceProperties properties) {
    return new ShardGroupLifecycle(group, properties.closeMode());
  }

  /** Masks the token in the env and configprops endpoints, whatever their show-values say. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SanitizingFunction.class)
  static class TokenMasking {

    @Bean
    SanitizingFunction sluiceTokenSanitizer(SluiceProperties properties) {
      return data -> isToken(data, properties.token()) ? data.withSanitizedValue() : data;
    }

    static boolean isToken(SanitizableData data, String token) {
      String key = data.getLowerCaseKey().replaceAll("[-_.\\[\\]]", "");
      if (key.equals("sluicetoken")) {
        return true;
      }
      Object value = data.getValue();
      // Also wherever it came from: ${DISCORD_TOKEN}, say.
      return token != null && !token.isBlank() && value != null && value.toString().contains(token);
    }
  }
}
