package dev.sluice.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.IdentifyWait;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** One shard's health from its tracked facts, on a hand-moved clock. */
class ShardHealthTest {

  static final ShardInfo SHARD = ShardInfo.SINGLE;
  static final Duration INTERVAL = Duration.ofSeconds(40);
  static final Session SESSION = new Session("s", "ws://127.0.0.1:1", 5, SHARD);

  final AtomicLong nanos = new AtomicLong(1_000);
  final ShardHealthTracker tracker = new ShardHealthTracker(nanos::get);
  final ShardHealthTracker.Shard shard = (ShardHealthTracker.Shard) tracker.forShard(SHARD);
  // Never connected: the health reads only its latency and session.
  final GatewayClient client = GatewayClient.builder(BotToken.of("a.b.c")).build();

  ShardHealth health() {
    return ShardHealth.of(client, shard);
  }

  void ready() {
    shard.stateChanged(SHARD, new GatewayState.Connecting(1, "ws://127.0.0.1:1"));
    shard.heartbeatStarted(SHARD, INTERVAL);
    shard.stateChanged(SHARD, new GatewayState.Ready(SESSION, false));
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  @Test
  void aShardWithNoStateOrConnectingIsStarting() {
    assertThat(health().status()).isEqualTo(ShardHealth.STARTING);
    shard.stateChanged(SHARD, new GatewayState.Connecting(1, "ws://127.0.0.1:1"));
    assertThat(health().status()).isEqualTo(ShardHealth.STARTING);
    assertThat(health().details()).containsEntry("state", "connecting");
  }

  @Test
  void readyWithAFreshAckIsUpAndLeavesUpAfterTwoIntervalsWithoutOne() {
    ready();
    advance(INTERVAL);
    shard.heartbeatAcknowledged(SHARD, Duration.ofMillis(30));
    advance(INTERVAL.multipliedBy(2));
    assertThat(health().status()).isEqualTo(Status.UP);
    advance(Duration.ofMillis(1));
    ShardHealth late = health();
    assertThat(late.status()).isEqualTo(Status.DOWN);
    assertThat(late.details().get("reason").toString()).startsWith("no heartbeat ACK for");
  }

  @Test
  void dispatchesCountAsInboundTrafficNotAsAcks() {
    ready();
    health();
    advance(Duration.ofSeconds(10));
    shard.eventReceived(SHARD, "MESSAGE_CREATE");
    ShardHealth now = health();
    assertThat(now.details())
        .containsEntry("lastInboundAgeMs", 0L)
        .containsEntry("lastAckAgeMs", 10_000L);
  }

  @Test
  void aZombieIsDownUntilTheShardIsReadyAgain() {
    ready();
    shard.stateChanged(
        SHARD,
        new GatewayState.Disconnected(
            new DisconnectReason.Resumable(DisconnectReason.Cause.ZOMBIE, 4900), 1, Duration.ZERO));
    assertThat(health().status()).isEqualTo(Status.DOWN);
    shard.stateChanged(SHARD, new GatewayState.Resuming(SESSION));
    assertThat(health().status()).isEqualTo(Status.DOWN);
    shard.heartbeatStarted(SHARD, INTERVAL);
    shard.stateChanged(SHARD, new GatewayState.Ready(SESSION, true));
    shard.resumeSucceeded(SHARD, 0);
    assertThat(health().status()).isEqualTo(Status.UP);
    assertThat(health().details()).containsEntry("resumes", 1);
  }

  @Test
  void waitingForTheSessionBudgetIsOutOfServiceButABucketTurnIsStarting() {
    shard.stateChanged(
        SHARD, new GatewayState.AwaitingIdentify(IdentifyWait.Reason.BUCKET, "identify limiter"));
    assertThat(health().status()).isEqualTo(ShardHealth.STARTING);
    shard.stateChanged(
        SHARD,
        new GatewayState.AwaitingIdentify(
            IdentifyWait.Reason.BUDGET_EXHAUSTED, "session budget is down to its reserve"));
    assertThat(health().status()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(health().details()).containsEntry("reason", "session budget is down to its reserve");
  }

  @Test
  void aFatalCloseIsDownWithTheCodesMeaning() {
    ready();
    shard.stateChanged(
        SHARD,
        new GatewayState.FatallyClosed(
            GatewayCloseCode.AUTHENTICATION_FAILED, 4004, "authentication failed"));
    ShardHealth down = health();
    assertThat(down.status()).isEqualTo(Status.DOWN);
    assertThat(down.details())
        .containsEntry("reason", "closed by the gateway: 4004 authentication failed")
        .containsEntry("state", "fatally-closed");
  }

  @Test
  void aShardThatGaveUpIsDownWithWhy() {
    ready();
    shard.stateChanged(
        SHARD, new GatewayState.Failed("gave up after 6 failed connection attempts"));
    ShardHealth down = health();
    assertThat(down.status()).isEqualTo(Status.DOWN);
    assertThat(down.details())
        .containsEntry("reason", "gave up: gave up after 6 failed connection attempts")
        .containsEntry("state", "failed");
  }

  @Test
  void aGroupIsAsBadAsItsWorstShard() {
    assertThat(ShardHealth.worse(Status.UP, ShardHealth.STARTING)).isEqualTo(ShardHealth.STARTING);
    assertThat(ShardHealth.worse(Status.OUT_OF_SERVICE, ShardHealth.STARTING))
        .isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(ShardHealth.worse(Status.OUT_OF_SERVICE, Status.DOWN)).isEqualTo(Status.DOWN);
  }
}
