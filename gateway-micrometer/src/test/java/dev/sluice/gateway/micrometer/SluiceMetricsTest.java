package dev.sluice.gateway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.ReconnectSpec;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** SluiceMetrics against the fake gateway, with no Spring: a SimpleMeterRegistry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SluiceMetricsTest {

  static final String TOKEN = "MTAwMjAwMzAw.metrics.secret-token-value";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(b -> b.token(TOKEN).heartbeatInterval(Duration.ofMillis(1000)));

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  Disposable running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.dispose();
    }
  }

  GatewayClient start() {
    GatewayClient client =
        GatewayClient.builder(BotToken.of(TOKEN))
            .gatewayUrl(fake.get().url())
            .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES))
            .reconnect(ReconnectSpec.defaults().withFirstBackoff(Duration.ofMillis(100)))
            .observer(SluiceMetrics.of(registry))
            .build();
    running = client.connect().subscribe(null, e -> {});
    client.state().filter(GatewayState::isReady).blockFirst(WAIT);
    return client;
  }

  @Test
  void aZombieThenResumeIsOneReconnectForZombieAndOneSucceededResume() {
    start();
    await(() -> timerCount() >= 1);
    fake.get().stopAcks();
    await(() -> count("sluice.reconnects", "reason", "zombie") == 1);
    fake.get().resumeAcks();
    await(() -> count("sluice.resumes", "outcome", "succeeded") == 1);

    assertThat(registry.find("sluice.reconnects").counters()).as("reconnects by reason").hasSize(1);
    assertThat(count("sluice.resumes", "outcome", "failed")).isZero();
    assertThat(count("sluice.identifies", null, null)).isEqualTo(1);
    assertThat(count("sluice.events.received", "type", "READY")).isEqualTo(1);
    assertThat(count("sluice.events.received", "type", "RESUMED")).isEqualTo(1);
    assertThat(registry.get("sluice.shard.state").tag("shard", "0").gauge().value())
        .isEqualTo(ShardStates.READY);
  }

  @Test
  void eventsAreCountedByKnownNameAndEverythingElseAsOther() {
    start();
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "3"));
    fake.get().dispatch("SOMETHING_NEW_1", "{}");
    fake.get().dispatch("SOMETHING_NEW_2", "{}");
    await(() -> count("sluice.events.received", "type", "other") == 2);
    assertThat(count("sluice.events.received", "type", "TYPING_START")).isEqualTo(2);
    assertThat(registry.find("sluice.events.received").counters())
        .extracting(c -> c.getId().getTag("type"))
        .doesNotContain("SOMETHING_NEW_1", "SOMETHING_NEW_2");
  }

  @Test
  void everyMeterIsTaggedWithTheShardAndNoneCarriesTheToken() {
    start();
    assertThat(registry.getMeters())
        .extracting(Meter::getId)
        .allSatisfy(id -> assertThat(id.getTag("shard")).isEqualTo("0"))
        .allSatisfy(id -> assertThat(id.toString()).doesNotContain(TOKEN));
    assertThat(registry.getMetersAsString()).doesNotContain(TOKEN);
  }

  long timerCount() {
    return registry.get("sluice.heartbeat.roundtrip").timer().count();
  }

  double count(String name, String key, String value) {
    var search = registry.find(name);
    if (key != null) {
      search = search.tag(key, value);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  static void await(BooleanSupplier condition) {
    Mono.fromCallable(() -> condition.getAsBoolean() ? true : null)
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
        .block(WAIT);
  }
}
