package dev.sluice.gateway.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.gateway.core.DisconnectReason;
import dev.sluice.gateway.core.DisconnectReason.Cause;
import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.Session;
import dev.sluice.gateway.core.ShardInfo;
import dev.sluice.gateway.core.protocol.GatewayCloseCode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  static final String GATEWAY = "wss://gateway.example";
  static final Session SESSION = new Session("abc", "wss://resume.example", 42, ShardInfo.SINGLE);
  static final Backoff BACKOFF =
      new Backoff(
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          0.5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          5,
          true);
  static final DisconnectReason ZOMBIE = new DisconnectReason.Resumable(Cause.ZOMBIE, -1);
  static final DisconnectReason PROTOCOL = new DisconnectReason.Resumable(Cause.PROTOCOL_ERROR, -1);

  @Test
  void aStoredSessionResumesAtItsUrlAndANewOneIdentifiesAtTheGateway() {
    assertThat(Lifecycle.start(SESSION).connecting().target(GATEWAY))
        .isEqualTo(SESSION.resumeGatewayUrl());
    assertThat(Lifecycle.start(null).connecting().target(GATEWAY)).isEqualTo(GATEWAY);
    assertThat(Lifecycle.start(null).connecting().connecting().attempts()).isEqualTo(2);
  }

  @Test
  void afterAHealthyConnectionTheNextOneIsImmediateAndKeepsTheSession() {
    Lifecycle live = Lifecycle.start(null).connecting().ready(SESSION);
    var decision = live.after(ZOMBIE, SESSION.withSequence(50), null, BACKOFF, 0.3);
    assertThat(decision).isInstanceOf(Lifecycle.Decision.Reconnect.class);
    var reconnect = (Lifecycle.Decision.Reconnect) decision;
    assertThat(reconnect.delay()).isZero();
    assertThat(reconnect.lost()).isNull();
    assertThat(reconnect.next().session()).isEqualTo(SESSION.withSequence(50));
    assertThat(reconnect.next().failuresInARow()).isZero();
  }

  @Test
  void aGatewayThatDropsEachSessionBeforeAHeartbeatAckIsNotReconnectedToAtFullSpeed() {
    Lifecycle l = Lifecycle.start(SESSION);
    long[] expected = {0, 1000, 2000, 4000};
    for (long millis : expected) {
      // each connection becomes ready (RESUMED) and ends before its first heartbeat ACK
      var decision =
          (Lifecycle.Decision.Reconnect)
              l.connecting().ready(SESSION).after(ZOMBIE, SESSION, null, BACKOFF, 0);
      assertThat(decision.delay()).isEqualTo(Duration.ofMillis(millis));
      l = decision.next();
    }
    assertThat(l.unsteady()).isEqualTo(4);
    // one connection whose heartbeat is acknowledged is healthy: the next reconnect is immediate
    var healthy =
        (Lifecycle.Decision.Reconnect)
            l.connecting().ready(SESSION).acknowledged().after(ZOMBIE, SESSION, null, BACKOFF, 0);
    assertThat(healthy.delay()).isZero();
    assertThat(healthy.next().unsteady()).isZero();
    assertThat(healthy.next().failuresInARow()).isZero();
    // an ACK before READY (or after a connection ended) counts for nothing
    assertThat(Lifecycle.start(SESSION).connecting().acknowledged().acked()).isFalse();
  }

  @Test
  void aResumeAnsweredWithAResumableInvalidSessionEveryTimeGivesWayToIdentify() {
    var resumable = new DisconnectReason.InvalidSession(true);
    Lifecycle l = Lifecycle.start(SESSION);
    for (int i = 1; i < Lifecycle.POISON_LIMIT; i++) {
      var decision =
          (Lifecycle.Decision.Reconnect) l.connecting().after(resumable, SESSION, null, BACKOFF, 0);
      assertThat(decision.next().session()).as("try %d resumes again", i).isEqualTo(SESSION);
      assertThat(decision.delay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
      l = decision.next();
    }
    var last =
        (Lifecycle.Decision.Reconnect) l.connecting().after(resumable, SESSION, null, BACKOFF, 0);
    assertThat(last.next().session()).as("identifies").isNull();
    assertThat(last.lost()).isEqualTo(SESSION);
  }

  @Test
  void failuresInARowBackOffExponentiallyAndGiveUpAfterMaxAttempts() {
    Lifecycle l = Lifecycle.start(SESSION);
    long[] expected = {1000, 2000, 4000, 8000, 16000};
    for (long millis : expected) {
      var decision =
          (Lifecycle.Decision.Reconnect) l.connecting().after(ZOMBIE, SESSION, null, BACKOFF, 0);
      assertThat(decision.delay()).isEqualTo(Duration.ofMillis(millis));
      l = decision.next();
    }
    var gaveUp = l.connecting().after(ZOMBIE, SESSION, new IOException("x"), BACKOFF, 0);
    assertThat(gaveUp).isInstanceOf(Lifecycle.Decision.Fail.class);
    assertThat(((Lifecycle.Decision.Fail) gaveUp).error().kind())
        .isEqualTo(GatewayException.Kind.CONNECTION);
  }

  @Test
  void invalidSessionWaitsOneToFiveSecondsAndReportsTheLostSession() {
    Lifecycle live = Lifecycle.start(null).connecting().ready(SESSION);
    var low =
        (Lifecycle.Decision.Reconnect)
            live.after(new DisconnectReason.InvalidSession(false), null, null, BACKOFF, 0);
    var high =
        (Lifecycle.Decision.Reconnect)
            live.after(new DisconnectReason.InvalidSession(false), null, null, BACKOFF, 0.9999);
    assertThat(low.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(high.delay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(low.lost()).isEqualTo(SESSION);
    assertThat(low.next().session()).isNull();
  }

  @Test
  void aReplayThatKeepsBreakingTheConnectionIsAbandonedAfterThreeTries() {
    Lifecycle l = Lifecycle.start(SESSION);
    for (int i = 1; i < Lifecycle.POISON_LIMIT; i++) {
      var d =
          (Lifecycle.Decision.Reconnect) l.connecting().after(PROTOCOL, SESSION, null, BACKOFF, 0);
      assertThat(d.next().session()).isEqualTo(SESSION);
      l = d.next();
    }
    var abandoned =
        (Lifecycle.Decision.Reconnect) l.connecting().after(PROTOCOL, SESSION, null, BACKOFF, 0);
    assertThat(abandoned.next().session()).isNull();
    assertThat(abandoned.lost()).isEqualTo(SESSION);
  }

  @Test
  void anUnreachableResumeUrlSendsTheNextResumeToTheGatewayUntilReady() {
    Lifecycle l = Lifecycle.start(SESSION).connecting();
    var d =
        (Lifecycle.Decision.Reconnect)
            l.afterConnectFailure(new IOException("refused"), BACKOFF, 0);
    assertThat(d.next().session()).isEqualTo(SESSION);
    assertThat(d.next().connecting().target(GATEWAY)).isEqualTo(GATEWAY);
    assertThat(d.next().connecting().ready(SESSION).target(GATEWAY))
        .isEqualTo(SESSION.resumeGatewayUrl());
  }

  @Test
  void aFatalCloseFailsAndAShutdownStopsWithWhatItKept() {
    Lifecycle l = Lifecycle.start(SESSION).connecting();
    var fatal =
        l.after(
            new DisconnectReason.Fatal(GatewayCloseCode.of(4004), 4004, "bad token"),
            null,
            null,
            BACKOFF,
            0);
    assertThat(((Lifecycle.Decision.Fail) fatal).error().kind())
        .isEqualTo(GatewayException.Kind.FATAL_CLOSE);
    var resumable =
        l.close(true).after(new DisconnectReason.Shutdown(true), SESSION, null, BACKOFF, 0);
    assertThat(((Lifecycle.Decision.Stop) resumable).kept()).isEqualTo(SESSION);
    assertThat(resumable.next().isClosing()).isTrue();
    var ended = l.close(false).after(new DisconnectReason.Shutdown(false), null, null, BACKOFF, 0);
    assertThat(((Lifecycle.Decision.Stop) ended).kept()).isNull();
    assertThat(ended.next().session()).isNull();
  }
}
