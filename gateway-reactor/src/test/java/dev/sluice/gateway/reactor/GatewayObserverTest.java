package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

/** What a {@link GatewayObserver} is told, against the fake gateway. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayObserverTest {

  static final String TOKEN = "MTAwMjAwMzAw.observer.secret-token-value";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(b -> b.token(TOKEN).heartbeatInterval(Duration.ofMillis(1000)));

  final List<Disposable> running = new CopyOnWriteArrayList<>();
  final Recorder recorder = new Recorder();

  @AfterEach
  void stop() {
    running.forEach(Disposable::dispose);
  }

  GatewayClient start(GatewayClient.Builder builder) {
    GatewayClient client =
        builder
            .gatewayUrl(fake.get().url())
            .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES))
            .reconnect(ReconnectSpec.defaults().withFirstBackoff(Duration.ofMillis(100)))
            .observer(recorder)
            .build();
    running.add(client.connect().subscribe(null, e -> {}));
    client.state().filter(GatewayState::isReady).blockFirst(WAIT);
    return client;
  }

  @Test
  void aZombieIsOneReconnectForZombieAndOneResumeAfterIdentifyingOnce() {
    start(GatewayClient.builder(BotToken.of(TOKEN)));
    recorder.await(c -> c.startsWith("ack "));
    fake.get().stopAcks();
    recorder.await(c -> c.startsWith("reconnecting "));
    fake.get().resumeAcks();
    recorder.await(c -> c.startsWith("resumed "));
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
    recorder.await(c -> c.equals("event TYPING_START"));

    assertThat(recorder.calls)
        .contains("shard [0, 1]", "heartbeat PT1S", "event READY", "event RESUMED")
        .containsOnlyOnce("identify", "reconnecting ZOMBIE", "resumed 0")
        .doesNotContain("resume failed");
    assertThat(recorder.calls.indexOf("identify"))
        .isLessThan(recorder.calls.indexOf("event READY"));
  }

  @Test
  void anInvalidSessionIsReportedBeforeItsReconnect() {
    start(GatewayClient.builder(BotToken.of(TOKEN)));
    fake.get().invalidSession(false);
    recorder.await(c -> c.equals("invalid session false"));
    recorder.await(c -> c.startsWith("reconnecting "));
    assertThat(recorder.calls.indexOf("invalid session false"))
        .isLessThan(recorder.calls.indexOf("reconnecting InvalidSession"));
  }

  @Test
  void userCommandsAreCountedWhenWrittenAndTheQueueDrains() {
    GatewayClient client = start(GatewayClient.builder(BotToken.of(TOKEN)));
    client.send(UpdatePresence.online(Activity.playing("observed"))).block(WAIT);
    assertThat(recorder.calls).containsOnlyOnce("command");
    assertThat(recorder.calls).contains("queue 1", "queue 0");
  }

  @Test
  void eventsDroppedBySlowSubscribersAreReportedWithThePolicy() {
    GatewayClient client =
        start(GatewayClient.builder(BotToken.of(TOKEN)).eventBuffer(1, OverflowPolicy.DROP_LATEST));
    // Asks for nothing: the first event fills its buffer of one, the rest are dropped.
    BaseSubscriber<RawEvent> idle =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {}
        };
    client.raw().subscribe(idle);
    running.add(idle);
    for (int i = 0; i < 3; i++) {
      fake.get().dispatch("TYPING_START", Events.typingStart("1", Integer.toString(i)));
    }
    recorder.await(c -> c.equals("dropped TYPING_START DROP_LATEST"));
  }

  /** Records every call as a short line; {@link #await} waits for one with a timeout. */
  static final class Recorder implements GatewayObserver {
    final List<String> calls = new CopyOnWriteArrayList<>();

    void await(Predicate<String> call) {
      Mono.fromCallable(() -> calls.stream().anyMatch(call) ? true : null)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
          .block(WAIT);
    }

    @Override
    public GatewayObserver forShard(ShardInfo shard) {
      calls.add("shard " + shard);
      return this;
    }

    @Override
    public void eventReceived(ShardInfo shard, String type) {
      calls.add("event " + type);
    }

    @Override
    public void eventDropped(ShardInfo shard, String type, OverflowPolicy policy) {
      calls.add("dropped " + type + " " + policy);
    }

    @Override
    public void heartbeatStarted(ShardInfo shard, Duration interval) {
      calls.add("heartbeat " + interval);
    }

    @Override
    public void heartbeatAcknowledged(ShardInfo shard, Duration roundTrip) {
      calls.add("ack " + roundTrip);
    }

    @Override
    public void reconnecting(ShardInfo shard, DisconnectReason reason, Duration delay) {
      String name =
          reason instanceof DisconnectReason.Resumable r
              ? r.cause().name()
              : reason.getClass().getSimpleName();
      calls.add("reconnecting " + name);
    }

    @Override
    public void invalidSession(ShardInfo shard, boolean resumable) {
      calls.add("invalid session " + resumable);
    }

    @Override
    public void identifySent(ShardInfo shard) {
      calls.add("identify");
    }

    @Override
    public void sessionBudgetRemaining(ShardInfo shard, int remaining) {
      calls.add("budget " + remaining);
    }

    @Override
    public void stateChanged(ShardInfo shard, GatewayState state) {
      calls.add("state " + state.getClass().getSimpleName());
    }

    @Override
    public void resumeSucceeded(ShardInfo shard, long replayed) {
      calls.add("resumed " + replayed);
    }

    @Override
    public void resumeFailed(ShardInfo shard) {
      calls.add("resume failed");
    }

    @Override
    public void commandSent(ShardInfo shard) {
      calls.add("command");
    }

    @Override
    public void outboundQueueLength(ShardInfo shard, int length) {
      calls.add("queue " + length);
    }
  }
}
