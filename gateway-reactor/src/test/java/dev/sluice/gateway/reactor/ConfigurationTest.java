package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class ConfigurationTest {

  @Test
  void reconnectSpecMethodsReturnNewInstancesAndLeaveTheTemplateAlone() {
    ReconnectSpec template = ReconnectSpec.defaults();
    ReconnectSpec tuned =
        template.withMaxBackoff(Duration.ofSeconds(30)).withJitter(0.2).withMaxAttempts(5);
    assertThat(tuned).isNotSameAs(template);
    assertThat(template.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    assertThat(tuned.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tuned.maxAttempts()).isEqualTo(5);
    assertThat(template.maxAttempts()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shardGroupOptionsAreRefusedWhereTheyAreSet() {
    ShardGroup.Builder builder = ShardGroup.builder(BotToken.of("MTAw.a.b"));
    assertThatThrownBy(() -> builder.gatewayUrl("https://gateway.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.apiUrl("ftp://api.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.identifyMargin(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.identifyMargin(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.shardIds(java.util.List.of(1, 1), 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.shardIds(java.util.List.of(4), 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sessionReserve(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBuiltGroupKeepsItsSpecificationWhateverTheBuilderDoesLater() {
    ShardGroup.Builder builder =
        ShardGroup.builder(BotToken.of("MTAw.a.b")).shardCount(2).sessionReserve(3);
    ShardGroup.Spec frozen = builder.spec();
    builder.shardCount(8).sessionReserve(5).gatewayUrl("wss://elsewhere.example");
    assertThat(frozen.total()).isEqualTo(2);
    assertThat(frozen.reserve()).isEqualTo(3);
    assertThat(frozen.gatewayUrl()).isNull();
    assertThat(builder.spec().total()).isEqualTo(8);
  }

  @Test
  void eachShardConfigurationsComposeInOrder() {
    java.util.List<String> calls = new java.util.ArrayList<>();
    ShardGroup.Spec spec =
        ShardGroup.builder(BotToken.of("MTAw.a.b"))
            .eachShard(
                b -> {
                  calls.add("first");
                  return b;
                })
            .eachShard(
                b -> {
                  calls.add("second");
                  return b;
                })
            .spec();
    spec.perShard().apply(GatewayClient.builder(BotToken.of("MTAw.a.b")));
    assertThat(calls).containsExactly("first", "second");
  }

  @Test
  void badConfigurationIsRefusedWhereItIsSet() {
    ReconnectSpec spec = ReconnectSpec.defaults();
    assertThatThrownBy(() -> spec.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> spec.withFirstBackoff(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> spec.withInvalidSessionWait(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    GatewayClient.Builder builder = GatewayClient.builder(BotToken.of("MTAw.a.b"));
    assertThatThrownBy(() -> builder.gatewayUrl("https://example.test"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.eventBuffer(0, OverflowPolicy.ERROR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.largeThreshold(10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxSizes(100, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> builder.timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void localIdentifyLimiterSpacesEachBucketByFiveSecondsPlusMargin() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    IdentifyLimiter limiter = IdentifyLimiter.local(2, Duration.ofMillis(250), time);
    java.util.List<String> granted = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int shard = 0; shard < 4; shard++) {
      int id = shard;
      limiter
          .acquire(ShardInfo.of(id, 4))
          .subscribe(
              null,
              null,
              () -> granted.add(id + "@" + time.now(java.util.concurrent.TimeUnit.MILLISECONDS)));
    }
    assertThat(granted).containsExactly("0@0", "1@0");
    time.advanceTimeBy(Duration.ofMillis(5249));
    assertThat(granted).hasSize(2);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(granted).containsExactly("0@0", "1@0", "2@5250", "3@5250");
  }

  @Test
  void inMemorySessionStoreKeepsOneSessionPerShard() {
    SessionStore store = SessionStore.inMemory();
    Session a = new Session("a", "wss://r", 3, ShardInfo.of(0, 2));
    Session b = new Session("b", "wss://r", 9, ShardInfo.of(1, 2));
    StepVerifier.create(store.save(a).then(store.save(b)).then(store.load(ShardInfo.of(0, 2))))
        .expectNext(a)
        .verifyComplete();
    StepVerifier.create(store.remove(ShardInfo.of(0, 2)).then(store.load(ShardInfo.of(0, 2))))
        .verifyComplete();
    StepVerifier.create(store.load(ShardInfo.of(1, 2))).expectNext(b).verifyComplete();
  }
}
