package dev.sluice.gateway.redis;

import dev.sluice.gateway.core.protocol.Opcode;
import dev.sluice.gateway.testkit.FakeGateway;
import dev.sluice.gateway.testkit.Frame;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest gap between two Identifies of one bucket as the fake gateway received them (its
 * transcript's receive times). The fake's own violation counter stamps Identifies when it gets to
 * process them, which on a starved machine can be long after they arrived.
 */
final class IdentifyGaps {

  private static final Pattern SHARD = Pattern.compile("\"shard\":\\[(\\d+),");

  private IdentifyGaps() {}

  static Duration smallest(FakeGateway gateway, int maxConcurrency) {
    Map<Integer, java.time.Instant> last = new HashMap<>();
    Duration smallest = Duration.ofDays(1);
    for (Frame.Payload frame : gateway.transcript().received(Opcode.IDENTIFY)) {
      Matcher m = SHARD.matcher(frame.json());
      if (!m.find()) {
        throw new AssertionError("identify without a shard");
      }
      int bucket = Integer.parseInt(m.group(1)) % maxConcurrency;
      java.time.Instant previous = last.put(bucket, frame.at());
      if (previous != null) {
        Duration gap = Duration.between(previous, frame.at());
        smallest = gap.compareTo(smallest) < 0 ? gap : smallest;
      }
    }
    return smallest;
  }
}
