package dev.sluice.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.micrometer.SluiceMetrics;
import dev.sluice.gateway.reactor.OverflowPolicy;
import dev.sluice.gateway.reactor.ShardGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration in an ApplicationContextRunner: binding, stepping aside, failures. */
class SluiceAutoConfigurationTest {

  static final String TOKEN = "MTAwMjAwMzAw.runner.secret-token-value";

  // Nothing listens on port 9 of loopback: the group's /gateway/bot lookup fails at once, locally.
  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SluiceMetricsAutoConfiguration.class,
                  SluiceAutoConfiguration.class,
                  SluiceHealthAutoConfiguration.class))
          .withPropertyValues("sluice.api-url=http://127.0.0.1:9");

  @Test
  void everyPropertyBinds() {
    runner
        .withPropertyValues(
            "sluice.token=" + TOKEN,
            "sluice.gateway-url=ws://127.0.0.1:9",
            "sluice.intents=guilds,guild-messages,message-content",
            "sluice.compression=none",
            "sluice.shards.count=4",
            "sluice.shards.ids=1,3",
            "sluice.reconnect.first-backoff=2s",
            "sluice.reconnect.max-backoff=30s",
            "sluice.reconnect.jitter=0.25",
            "sluice.reconnect.invalid-session-min=2s",
            "sluice.reconnect.invalid-session-max=3s",
            "sluice.reconnect.max-attempts=7",
            "sluice.reconnect.immediate-after-healthy=false",
            "sluice.timeouts.handshake=3s",
            "sluice.timeouts.hello=4s",
            "sluice.timeouts.ready=5s",
            "sluice.events.buffer-size=128",
            "sluice.events.overflow=drop-oldest",
            "sluice.identify.reserve=3",
            "sluice.identify.margin=100ms",
            "sluice.close-mode=resumable")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ShardGroup.class);
              SluiceProperties p = context.getBean(SluiceProperties.class);
              assertThat(p.token()).isEqualTo(TOKEN);
              assertThat(p.apiUrl()).isEqualTo("http://127.0.0.1:9");
              assertThat(p.gatewayUrl()).isEqualTo("ws://127.0.0.1:9");
              assertThat(p.intents())
                  .containsExactly(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT);
              assertThat(p.compression()).isEqualTo(Compression.NONE);
              assertThat(p.shards().count()).isEqualTo(4);
              assertThat(p.shards().ids()).containsExactly(1, 3);
              assertThat(p.reconnect())
                  .isEqualTo(
                      new SluiceProperties.Reconnect(
                          Duration.ofSeconds(2),
                          Duration.ofSeconds(30),
                          0.25,
                          Duration.ofSeconds(2),
                          Duration.ofSeconds(3),
                          7L,
                          false));
              assertThat(p.timeouts())
                  .isEqualTo(
                      new SluiceProperties.Timeouts(
                          Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5)));
              assertThat(p.events())
                  .isEqualTo(new SluiceProperties.Events(128, OverflowPolicy.DROP_OLDEST));
              assertThat(p.identify())
                  .isEqualTo(new SluiceProperties.Identify(3, Duration.ofMillis(100)));
              assertThat(p.closeMode()).isEqualTo(SluiceProperties.CloseMode.RESUMABLE);
              assertThat(p.toString()).doesNotContain(TOKEN);
            });
  }

  @Test
  void theDefaultsAreTheLibrarys() {
    runner
        .withPropertyValues("sluice.token=" + TOKEN)
        .run(
            context -> {
              SluiceProperties p = context.getBean(SluiceProperties.class);
              assertThat(p.compression()).isEqualTo(Compression.ZLIB_STREAM);
              assertThat(p.shards().count()).isNull();
              assertThat(p.events().bufferSize()).isEqualTo(4096);
              assertThat(p.events().overflow()).isEqualTo(OverflowPolicy.ERROR);
              assertThat(p.reconnect().maxAttempts()).isNull();
              assertThat(p.identify().reserve()).isEqualTo(10);
              assertThat(p.closeMode()).isEqualTo(SluiceProperties.CloseMode.CLOSE);
            });
  }

  @Test
  void theUsersOwnShardGroupWins() {
    runner
        .withUserConfiguration(OwnGroup.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(ShardGroup.class);
              assertThat(context.getBean(ShardGroup.class)).isSameAs(OwnGroup.GROUP);
              assertThat(context).hasSingleBean(ShardGroupLifecycle.class);
            });
  }

  @Test
  void aMissingTokenFailsWithTheAnalyzersMessage() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          FailureAnalysis analysis =
              new TokenFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis).isNotNull();
          assertThat(analysis.getDescription()).contains("sluice.token is not set");
          assertThat(analysis.getAction()).contains("Set sluice.token");
        });
  }

  @Test
  void aMalformedTokenFailsWithoutShowingIt() {
    String malformed = "Bot " + TOKEN;
    runner
        .withPropertyValues("sluice.token=" + malformed)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new TokenFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).contains("sluice.token is malformed");
              assertThat(analysis.getAction()).contains("no 'Bot ' prefix");
              for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
              }
              assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(TOKEN);
            });
  }

  @Test
  void theMetricsBinderIsThereWithMicrometerAndAMeterRegistry() {
    runner
        .withPropertyValues("sluice.token=" + TOKEN)
        .withUserConfiguration(Registry.class)
        .run(context -> assertThat(context).hasSingleBean(SluiceMetrics.class));
  }

  @Test
  void theMetricsBinderIsAbsentWithoutMicrometerOnTheClassPath() {
    runner
        .withPropertyValues("sluice.token=" + TOKEN)
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean("sluiceMetrics")
                    .hasSingleBean(ShardGroup.class));
  }

  @Test
  void theHealthIndicatorIsRegisteredAsSluice() {
    runner
        .withPropertyValues("sluice.token=" + TOKEN)
        .run(context -> assertThat(context).hasSingleBean(SluiceHealthIndicator.class));
  }

  @Test
  void configurationMetadataIsGeneratedForEveryProperty() throws Exception {
    String json;
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String name :
        List.of(
            "sluice.token",
            "sluice.api-url",
            "sluice.gateway-url",
            "sluice.intents",
            "sluice.compression",
            "sluice.shards.count",
            "sluice.shards.ids",
            "sluice.reconnect.first-backoff",
            "sluice.reconnect.max-attempts",
            "sluice.reconnect.immediate-after-healthy",
            "sluice.timeouts.ready",
            "sluice.events.buffer-size",
            "sluice.events.overflow",
            "sluice.identify.reserve",
            "sluice.close-mode")) {
      assertThat(json).contains("\"name\": \"" + name + "\"");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnGroup {
    static final ShardGroup GROUP =
        ShardGroup.builder(BotToken.of(TOKEN)).apiUrl("http://127.0.0.1:9").shardCount(1).build();

    @Bean
    ShardGroup myGroup() {
      return GROUP;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Registry {
    @Bean
    MeterRegistry registry() {
      return new SimpleMeterRegistry();
    }
  }
}
