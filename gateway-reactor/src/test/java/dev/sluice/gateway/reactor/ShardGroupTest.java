package dev.sluice.gateway.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Intent;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.event.MessageCreate;
import dev.sluice.gateway.core.model.GatewayBot;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.Events;
import dev.sluice.gateway.testkit.FakeGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class ShardGroupTest {

  static final String TOKEN = "MTAwMjAwMzAw.shards.test";
  static final Duration WAIT = Duration.ofSeconds(40);
  static final Pattern SHARD = Pattern.compile("\"shard\":\\[(\\d+),");

  final List<Disposable> running = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(Disposable::dispose);
  }

  static int shardOf(String identify) {
    Matcher m = SHARD.matcher(identify);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void sixteenShardsWithConcurrencyFourIdentifyInFourRoundsInVirtualTime() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    MemoryTransport transport = new MemoryTransport();
    ShardGroup group =
        ShardGroup.builder(BotToken.of(TOKEN))
            .gatewayBot(
                new GatewayBot(
                    "wss://gateway.test",
                    16,
                    new GatewayBot.SessionStartLimit(1000, 1000, 86_400_000, 4)))
            .scheduler(time)
            .eachShard(b -> b.compression(Compression.NONE).jitter(() -> 0.5))
            .transport(transport)
            .build();
    running.add(group.connect().subscribe(null, e -> {}));
    time.advanceTime();
    assertThat(transport.connections).hasSize(16);
    transport.connections.forEach(c -> c.push(TimingHello.HELLO));
    // Rounds start at 0, 5.25 s, 10.5 s and 15.75 s (5 s window + 250 ms margin per bucket).
    List<List<Integer>> rounds = new ArrayList<>();
    int seen = 0;
    for (int round = 0; round < 4; round++) {
      List<Integer> identified = identifiedShards(transport);
      rounds.add(identified.subList(seen, identified.size()));
      seen = identified.size();
      time.advanceTimeBy(Duration.ofMillis(5_249));
      assertThat(identifiedShards(transport)).as("nothing within a bucket's 5 s").hasSize(seen);
      time.advanceTimeBy(Duration.ofMillis(1));
    }
    assertThat(rounds.get(0)).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(rounds.get(1)).containsExactlyInAnyOrder(4, 5, 6, 7);
    assertThat(rounds.get(2)).containsExactlyInAnyOrder(8, 9, 10, 11);
    assertThat(rounds.get(3)).containsExactlyInAnyOrder(12, 13, 14, 15);

    // Now at 21 s: shards 0 and 4 (bucket 0) lose their sessions. After the 3 s invalid-session
    // wait
    // both reconnect, and their new Identifies go through the same limiter: 5.25 s apart.
    for (MemoryTransport.Conn c : List.copyOf(transport.connections)) {
      int shard = shardOf(c.sentWithOp(2).get(0));
      if (shard == 0 || shard == 4) {
        c.push("{\"t\":null,\"s\":null,\"op\":9,\"d\":false}");
      }
    }
    time.advanceTimeBy(Duration.ofMillis(3_000));
    assertThat(transport.connections).hasSize(18);
    transport.connections.subList(16, 18).forEach(c -> c.push(TimingHello.HELLO));
    time.advanceTime();
    assertThat(identifiedShards(transport)).hasSize(17);
    time.advanceTimeBy(Duration.ofMillis(5_249));
    assertThat(identifiedShards(transport)).as("second re-identify of bucket 0 waits").hasSize(17);
    time.advanceTimeBy(Duration.ofMillis(1));
    assertThat(identifiedShards(transport)).hasSize(18);
    assertThat(identifiedShards(transport).subList(16, 18)).containsExactlyInAnyOrder(0, 4);
  }

  static List<Integer> identifiedShards(MemoryTransport transport) {
    List<Integer> shards = new ArrayList<>();
    for (MemoryTransport.Conn c : transport.connections) {
      c.sentWithOp(2).forEach(s -> shards.add(shardOf(s)));
    }
    return shards;
  }

  /** Hello for the in-memory transport. */
  static final class TimingHello {
    static final String HELLO =
        "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"heartbeat_interval\":41250}}";
  }

  @Test
  void eightShardsWithConcurrencyTwoStartWithoutAnyInvalidSessionAgainstTheFake() {
    try (FakeGateway fake =
        FakeGateway.builder().token(TOKEN).shards(8).maxConcurrency(2).start()) {
      ShardGroup group =
          ShardGroup.builder(BotToken.of(TOKEN))
              .apiUrl(fake.apiUrl())
              .eachShard(b -> b.intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES)))
              .build();
      running.add(group.connect().subscribe(null, e -> {}));
      List<MessageCreate> messages = new CopyOnWriteArrayList<>();
      fake.transcript().awaitDispatched("READY", 8, WAIT);
      running.add(group.on(MessageCreate.class).subscribe(messages::add));
      assertThat(fake.concurrencyViolations()).isZero();
      assertThat(fake.transcript().sent(Opcode.INVALID_SESSION)).isEmpty();
      assertThat(group.shards()).hasSize(8);
      fake.dispatchToShard(5, "MESSAGE_CREATE", Events.messageCreate("to five"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (messages.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(messages)
          .singleElement()
          .satisfies(m -> assertThat(m.meta().shard()).isEqualTo(ShardInfo.of(5, 8)));
    }
  }

  @Test
  void aBudgetAtItsReserveStopsIdentifyingVisiblyAndResumesAfterTheReset() {
    try (FakeGateway fake =
        FakeGateway.builder()
            .token(TOKEN)
            .shards(8)
            .maxConcurrency(8)
            .sessionStartLimit(1000, 13, Duration.ofSeconds(4))
            .start()) {
      ShardGroup group =
          ShardGroup.builder(BotToken.of(TOKEN)).apiUrl(fake.apiUrl()).sessionReserve(10).build();
      List<ShardGroup.ShardState> states = new CopyOnWriteArrayList<>();
      running.add(group.connect().subscribe(null, e -> {}));
      fake.transcript().awaitReceived(Opcode.IDENTIFY, 3, WAIT);
      running.add(group.states().subscribe(states::add));
      assertThatThrownBy(
              () -> fake.transcript().awaitReceived(Opcode.IDENTIFY, 4, Duration.ofMillis(1500)))
          .isInstanceOf(AssertionError.class);
      assertThat(fake.transcript().received(Opcode.IDENTIFY)).hasSize(3);
      assertThat(states)
          .filteredOn(
              s ->
                  s.state() instanceof GatewayState.AwaitingIdentify a
                      && a.why().contains("session budget"))
          .extracting(ShardGroup.ShardState::shard)
          .hasSize(5);
      fake.transcript().awaitDispatched("READY", 8, WAIT);
      assertThat(fake.sessionsStarted()).isEqualTo(8);
      assertThat(fake.transcript().sent(Opcode.INVALID_SESSION)).isEmpty();
    }
  }

  @Test
  void gatewayBotLookupHonours429AndReports401AsFatal() {
    List<String> calls = new CopyOnWriteArrayList<>();
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                r ->
                    r.get(
                        "/api/v10/gateway/bot",
                        (req, res) -> {
                          calls.add(req.requestHeaders().get("Authorization"));
                          if (!("Bot " + TOKEN).equals(req.requestHeaders().get("Authorization"))) {
                            return res.status(401)
                                .sendString(
                                    reactor.core.publisher.Mono.just(
                                        "{\"message\":\"401: Unauthorized\"}"));
                          }
                          if (calls.size() == 1) {
                            return res.status(429)
                                .sendString(
                                    reactor.core.publisher.Mono.just(
                                        "{\"retry_after\":0.3,\"global\":false}"));
                          }
                          return res.status(200)
                              .sendString(
                                  reactor.core.publisher.Mono.just(
                                      "{\"url\":\"wss://g.test\",\"shards\":3,\"session_start_limit\":{\"total\":1000,\"remaining\":990,\"reset_after\":1000,\"max_concurrency\":1}}"));
                        }))
            .bindNow();
    try {
      String api = "http://127.0.0.1:" + server.port() + "/api/v10";
      long start = System.nanoTime();
      StepVerifier.create(
              GatewayBotLookup.fetch(
                  HttpClient.create(),
                  api,
                  BotToken.of(TOKEN),
                  reactor.core.scheduler.Schedulers.parallel()))
          .assertNext(bot -> assertThat(bot.shards()).isEqualTo(3))
          .verifyComplete();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(calls).hasSize(2);
      StepVerifier.create(
              GatewayBotLookup.fetch(
                  HttpClient.create(),
                  api,
                  BotToken.of("wrong"),
                  reactor.core.scheduler.Schedulers.parallel()))
          .expectErrorSatisfies(
              e -> {
                assertThat(GatewayException.isFatal(e)).isTrue();
                assertThat(((GatewayException) e).kind())
                    .isEqualTo(GatewayException.Kind.UNAUTHORIZED);
              })
          .verify(WAIT);
    } finally {
      server.disposeNow();
    }
  }

  @Test
  void restartResumesOneShardAndCloseResumableHandsBackEverySession() {
    try (FakeGateway fake =
        FakeGateway.builder().token(TOKEN).shards(2).maxConcurrency(2).start()) {
      ShardGroup group = ShardGroup.builder(BotToken.of(TOKEN)).apiUrl(fake.apiUrl()).build();
      java.util.concurrent.CompletableFuture<Void> connected =
          group.connect().toFuture(); // completes when every shard, restarted ones too, closed
      running.add(() -> connected.cancel(true));
      fake.transcript().awaitDispatched("READY", 2, WAIT);
      group.states().filter(s -> s.state().isReady()).take(2).blockLast(WAIT);
      group.restart(1).block(WAIT);
      assertThat(fake.transcript().received(Opcode.RESUME)).as(fake.transcript().dump()).hasSize(1);
      assertThat(fake.transcript().received(Opcode.IDENTIFY)).hasSize(2);
      List<dev.sluice.gateway.core.Session> sessions = group.closeResumable().block(WAIT);
      assertThat(sessions)
          .hasSize(2)
          .extracting(s -> s.shard().id())
          .containsExactlyInAnyOrder(0, 1);
      fake.transcript()
          .awaitNth(
              dev.sluice.gateway.testkit.Frame.Closed.class,
              dev.sluice.gateway.testkit.Frame.Closed::byClient,
              3,
              WAIT,
              "closes");
      assertThat(fake.transcript().closings())
          .allSatisfy(c -> assertThat(c.code()).hasValue(GatewayCloseCode.RESUMABLE_CLOSURE));
      // The restarted shard ran inside the group's subscription: closing the group ended it.
      assertThat(connected).succeedsWithin(WAIT);
      assertThat(group.shard(1).state().blockFirst(WAIT)).isInstanceOf(GatewayState.Closed.class);
    }
  }

  @Test
  void shardsOfOneBucketStartInShardIdOrder() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    BudgetedIdentifyLimiter limiter = new BudgetedIdentifyLimiter(2, null, 0, Duration.ZERO, time);
    limiter.planStart(
        List.of(ShardInfo.of(0, 4), ShardInfo.of(1, 4), ShardInfo.of(2, 4), ShardInfo.of(3, 4)));
    List<Integer> order = new CopyOnWriteArrayList<>();
    for (int id : new int[] {2, 3, 0, 1}) { // connections reach Hello out of order
      limiter.acquire(ShardInfo.of(id, 4)).subscribe(null, null, () -> order.add(id));
    }
    assertThat(order).containsExactlyInAnyOrder(0, 1);
    time.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(order.subList(2, 4)).containsExactlyInAnyOrder(2, 3);
  }

  @Test
  void guildsRouteToShards() {
    assertThat(ShardInfo.forGuild(197038439483310086L, 8))
        .isEqualTo((int) ((197038439483310086L >> 22) % 8));
  }
}
