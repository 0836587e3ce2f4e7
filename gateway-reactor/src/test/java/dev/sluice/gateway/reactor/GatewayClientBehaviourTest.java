package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.command.UpdatePresence;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.event.RawEvent;
import dev.sluice.gateway.core.event.TypingStart;
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGatewayExtension;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Slow subscribers, sending, and secrets, against the fake gateway. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayClientBehaviourTest {

  static final String TOKEN = "MTAwMjAwMzAw.behaviour.secret-token-value";
  static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  final FakeGatewayExtension fake =
      new FakeGatewayExtension(b -> b.token(TOKEN).heartbeatInterval(Duration.ofMillis(1000)));

  final List<Disposable> running = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(Disposable::dispose);
  }

  GatewayClient start() {
    GatewayClient client =
        GatewayClient.builder(BotToken.of(TOKEN))
            .gatewayUrl(fake.get().url())
            .intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES))
            .reconnect(
                ReconnectSpec.defaults()
                    .withFirstBackoff(Duration.ofMillis(100))
                    .withInvalidSessionWait(Duration.ofMillis(1000), Duration.ofMillis(1100)))
            .build();
    running.add(client.connect().subscribe(null, e -> {}));
    client.state().filter(GatewayState::isReady).blockFirst(WAIT);
    return client;
  }

  @Test
  void aBlockingSubscriberNeverDelaysHeartbeatsOrOtherSubscribers() {
    GatewayClient client = start();
    Scheduler slowThread = Schedulers.newSingle("slow-subscriber");
    AtomicInteger slowSeen = new AtomicInteger();
    List<TypingStart> fast = new CopyOnWriteArrayList<>();
    running.add(slowThread);
    running.add(
        client
            .events()
            .publishOn(slowThread, 1)
            .subscribe(
                e -> {
                  slowSeen.incrementAndGet();
                  sleep(1000); // the subject of this test: a subscriber that blocks its own thread
                }));
    running.add(client.on(TypingStart.class).subscribe(fast::add));
    int heartbeatsBefore = fake.get().transcript().received(Opcode.HEARTBEAT).size();
    Instant start = Instant.now();
    for (int i = 0; i < 300; i++) {
      fake.get().dispatch("TYPING_START", Events.typingStart("1", Integer.toString(i)));
    }
    fake.get().transcript().assertNoNewConnection(Duration.ofSeconds(4));
    assertThat(fast).hasSize(300);
    assertThat(slowSeen.get()).isBetween(1, 6);
    List<Frame.Payload> beats = fake.get().transcript().received(Opcode.HEARTBEAT);
    assertThat(beats.size() - heartbeatsBefore).as("beats in 4 s at 1 s").isGreaterThanOrEqualTo(3);
    List<Frame.Payload> recent = beats.stream().filter(f -> f.at().isAfter(start)).toList();
    for (int i = 1; i < recent.size(); i++) {
      Duration gap = Duration.between(recent.get(i - 1).at(), recent.get(i).at());
      assertThat(gap).as("heartbeat gap").isLessThan(Duration.ofMillis(1500));
    }
    assertThat(fake.get().transcript().received(Opcode.RESUME)).isEmpty();
    assertThat(fake.get().transcript().received(Opcode.IDENTIFY)).hasSize(1);
  }

  @Test
  void rawDeliversEveryDispatchUndecodedInOrder() throws Exception {
    GatewayClient client = start();
    // The fake's GUILD_CREATE after READY may still be on its way: everything else is ours.
    CompletableFuture<List<RawEvent>> three =
        client
            .raw()
            .filter(e -> !e.meta().type().equals("GUILD_CREATE"))
            .take(3)
            .collectList()
            .toFuture();
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "2"));
    fake.get().dispatch("SOMETHING_NEW", "{\"x\":[1,{\"y\":\"}\"}]}");
    fake.get().dispatch("TYPING_START", Events.typingStart("1", "3"));
    List<RawEvent> raw = three.get(10, TimeUnit.SECONDS);
    assertThat(raw)
        .extracting(e -> e.meta().type())
        .containsExactly("TYPING_START", "SOMETHING_NEW", "TYPING_START");
    assertThat(raw.get(0).meta().sequence()).isLessThan(raw.get(2).meta().sequence());
    assertThat(raw.get(1).json()).isEqualTo("{\"x\":[1,{\"y\":\"}\"}]}");
    assertThat(raw.get(2).json()).contains("\"user_id\":\"3\"");
  }

  @Test
  void oneSubscribersErrorDoesNotEndTheOthersOrTheConnection() {
    GatewayClient client = start();
    List<MessageCreate> survivor = new CopyOnWriteArrayList<>();
    running.add(
        client
            .on(MessageCreate.class)
            .subscribe(
                m -> {
                  throw new IllegalStateException("subscriber bug");
                },
                e -> {}));
    running.add(client.on(MessageCreate.class).subscribe(survivor::add));
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("one"));
    fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("two"));
    fake.get().transcript().assertNoNewConnection(Duration.ofMillis(800));
    assertThat(survivor).extracting(MessageCreate::content).containsExactly("one", "two");
  }

  @Test
  void sendCompletesWhenWrittenAndOversizedCommandsAreRefusedBeforehand() {
    GatewayClient client = start();
    client.send(UpdatePresence.online(Activity.playing("tests"))).block(WAIT);
    Frame.Payload presence = fake.get().transcript().awaitReceived(Opcode.PRESENCE_UPDATE, 1, WAIT);
    assertThat(presence.data()).contains("\"tests\"");
    assertThatThrownBy(
            () -> client.send(UpdatePresence.online(Activity.custom("x".repeat(5000)))).block(WAIT))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.PAYLOAD_TOO_LARGE));
    assertThat(fake.get().transcript().received(Opcode.PRESENCE_UPDATE)).hasSize(1);
  }

  @Test
  void userCommandsBeyondTheUserLaneWaitButHeartbeatsDoNot() {
    GatewayClient client = start();
    // A 1 s heartbeat reserves 62 of the 120 slots (60 timer beats, 1 requested, 1 handshake).
    for (int i = 0; i < 80; i++) {
      running.add(
          client.send(UpdatePresence.online(Activity.playing("p" + i))).subscribe(null, e -> {}));
    }
    fake.get().transcript().assertNoNewConnection(Duration.ofSeconds(2));
    int presences = fake.get().transcript().received(Opcode.PRESENCE_UPDATE).size();
    assertThat(presences).as("user lane of the 120/60 s window").isBetween(50, 58);
    int beats = fake.get().transcript().received(Opcode.HEARTBEAT).size();
    fake.get().transcript().awaitReceived(Opcode.HEARTBEAT, beats + 1, Duration.ofSeconds(3));
    assertThat(fake.get().transcript().closings()).isEmpty();
  }

  @Test
  void theTokenNeverAppearsInLogsAcrossAFullLifecycle() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level previous = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.TRACE);
    try {
      GatewayClient client = start();
      running.add(client.events().subscribe());
      fake.get().dispatch("MESSAGE_CREATE", Events.messageCreate("hello"));
      fake.get().reconnect();
      fake.get().transcript().awaitReceived(Opcode.RESUME, 1, WAIT);
      fake.get().invalidSession(false);
      fake.get().transcript().awaitReceived(Opcode.IDENTIFY, 2, WAIT);
      client.state().filter(GatewayState::isReady).skip(0).blockFirst(WAIT);
      client.close().block(WAIT);
    } finally {
      root.detachAppender(captured);
      root.setLevel(previous);
    }
    // Threads still winding down may log after the detach; appends lock the appender.
    List<ILoggingEvent> logged;
    synchronized (captured) {
      logged = List.copyOf(captured.list);
    }
    assertThat(logged).isNotEmpty();
    String secret = "secret-token-value";
    for (ILoggingEvent event : logged) {
      assertThat(event.getFormattedMessage()).doesNotContain(secret);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(secret);
      }
    }
    assertThat(logged).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("READY"));
    assertThat(GatewayClient.builder(BotToken.of(TOKEN)).build().toString()).doesNotContain(secret);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
