package dev.sluice.spring.boot;

import dev.sluice.gateway.reactor.GatewayClient;
import dev.sluice.gateway.reactor.GatewayState;
import dev.sluice.gateway.reactor.IdentifyWait;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Status;

/**
 * One shard's health, judged from its {@link ShardHealthTracker.Shard} record and its client:
 * {@code UP} only when it is ready and its last heartbeat was acknowledged within two intervals (an
 * ACK is inbound traffic, so inbound traffic is then as recent; the age of the last inbound message
 * of any kind is shown as {@code lastInboundAgeMs}); {@code DOWN} after a fatal close (with the
 * close code's meaning), a close, a zombie not yet recovered or an un-ACKed heartbeat; {@code
 * OUT_OF_SERVICE} while its Identify waits for the session budget (or the limiter); {@link
 * #STARTING} otherwise.
 *
 * @param status the shard's status
 * @param details what the health endpoint shows for it (never the token)
 */
record ShardHealth(Status status, Map<String, Object> details) {

  /** A shard on its way to ready: connecting, identifying, resuming, reconnecting. */
  static final Status STARTING = new Status("STARTING", "shards are connecting");

  /** Worst first: the order a group's status is chosen in. */
  static final List<Status> ORDER =
      List.of(Status.DOWN, Status.OUT_OF_SERVICE, STARTING, Status.UP, Status.UNKNOWN);

  static ShardHealth of(GatewayClient client, ShardHealthTracker.Shard shard) {
    Map<String, Object> details = new LinkedHashMap<>();
    GatewayState state = shard == null ? null : shard.state();
    details.put("state", name(state));
    client.latency().ifPresent(l -> details.put("latencyMs", l.toMillis()));
    details.put("sessionPresent", client.session().isPresent());
    if (shard == null || state == null) {
      return new ShardHealth(STARTING, details);
    }
    details.put("resumes", shard.resumes());
    Duration interval = shard.interval();
    if (interval != null) {
      details.put("heartbeatIntervalMs", interval.toMillis());
      details.put("lastAckAgeMs", shard.ackAge().toMillis());
      details.put("lastInboundAgeMs", shard.inboundAge().toMillis());
    }
    Status status = judge(state, shard, interval, details);
    return new ShardHealth(status, details);
  }

  private static Status judge(
      GatewayState state,
      ShardHealthTracker.Shard shard,
      Duration interval,
      Map<String, Object> details) {
    if (state instanceof GatewayState.FatallyClosed fatal) {
      details.put(
          "reason", "closed by the gateway: " + fatal.rawCode() + " " + fatal.code().description());
      return Status.DOWN;
    }
    if (state instanceof GatewayState.Closed) {
      details.put("reason", "closed");
      return Status.DOWN;
    }
    if (state instanceof GatewayState.Failed failed) {
      details.put("reason", "gave up: " + failed.reason());
      return Status.DOWN;
    }
    if (shard.zombie()) {
      details.put("reason", "zombie connection (heartbeat not acknowledged), not yet recovered");
      return Status.DOWN;
    }
    if (state instanceof GatewayState.AwaitingIdentify waiting
        && waiting.reason() != IdentifyWait.Reason.BUCKET) {
      details.put("reason", waiting.why());
      return Status.OUT_OF_SERVICE;
    }
    if (!(state instanceof GatewayState.Ready) || interval == null) {
      return STARTING;
    }
    Duration limit = interval.multipliedBy(2);
    Duration ackAge = shard.ackAge();
    if (ackAge.compareTo(limit) > 0) {
      details.put("reason", "no heartbeat ACK for " + ackAge.toMillis() + " ms");
      return Status.DOWN;
    }
    return Status.UP;
  }

  private static String name(GatewayState state) {
    if (state == null) {
      return "not-started";
    }
    // The kind only: states carry session ids and URLs, which are not health details.
    String simple = state.getClass().getSimpleName();
    return simple.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** The worse of two statuses in {@link #ORDER}. */
  static Status worse(Status a, Status b) {
    return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
  }
}
