package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.Compression;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random fault schedule for the real {@code FakeGateway} over loopback: the fake's shape
 * (compression: plain, zlib-stream or zstd-stream; fragmented WebSocket frames; compressed messages
 * split over several WebSocket messages with zlib, over several frames with zstd) and steps, each a
 * fault the fake can be told to commit (or a user's action) after waiting at most {@code
 * waitMillis} for the client's next state change. Generated from one seed.
 */
record LoopbackSchedule(
    long seed, Compression compression, int fragments, int splits, List<Step> steps) {

  enum Kind {
    DISPATCH,
    DROP,
    CLOSE,
    RECONNECT,
    INVALID_SESSION,
    STOP_ACKS,
    RESUME_ACKS,
    DELAY_ACKS,
    REQUEST_HEARTBEAT,
    WITHHOLD_HELLO,
    RELEASE_HELLO,
    MALFORMED,
    SEND,
    USER_CLOSE,
    USER_CLOSE_RESUMABLE
  }

  record Step(long waitMillis, Kind kind, int arg) {
    @Override
    public String toString() {
      return "<=" + waitMillis + "ms " + kind + (arg != 0 ? "(" + arg + ")" : "");
    }
  }

  static LoopbackSchedule generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean compress = r.nextBoolean();
    int fragments = r.nextInt(3) == 0 ? 2 + r.nextInt(3) : 1;
    int splits = compress && r.nextInt(3) == 0 ? 2 + r.nextInt(2) : 1;
    int count = 3 + r.nextInt(6);
    List<Step> steps = new ArrayList<>();
    boolean ended = false;
    for (int i = 0; i < count; i++) {
      Step step = step(r, ended);
      ended |= step.kind() == Kind.USER_CLOSE || step.kind() == Kind.USER_CLOSE_RESUMABLE;
      ended |= step.kind() == Kind.CLOSE && FaultSchedule.isFatal(step.arg());
      steps.add(step);
    }
    // Drawn last, so a seed keeps the steps it had before zstd-stream was added.
    Compression compression =
        !compress
            ? Compression.NONE
            : r.nextBoolean() ? Compression.ZLIB_STREAM : Compression.ZSTD_STREAM;
    return new LoopbackSchedule(seed, compression, fragments, splits, List.copyOf(steps));
  }

  /** Whether the client asks for a compressed transport. */
  boolean compress() {
    return compression != Compression.NONE;
  }

  private static Step step(SplittableRandom r, boolean ended) {
    long wait = r.nextInt(3) == 0 ? 0 : r.nextInt(40);
    int roll = r.nextInt(100);
    if (roll < 30) {
      return new Step(wait, Kind.DISPATCH, 1 + r.nextInt(6));
    } else if (roll < 37) {
      return new Step(wait, Kind.DROP, 0);
    } else if (roll < 47) {
      int[] pool =
          r.nextInt(3) == 0 ? FaultSchedule.NEW_SESSION_CODES : FaultSchedule.RESUMABLE_CODES;
      return new Step(wait, Kind.CLOSE, pool[r.nextInt(pool.length)]);
    } else if (roll < 49 && !ended) {
      int[] fatal = FaultSchedule.FATAL_CODES;
      return new Step(wait, Kind.CLOSE, fatal[r.nextInt(fatal.length)]);
    } else if (roll < 55) {
      return new Step(wait, Kind.RECONNECT, 0);
    } else if (roll < 62) {
      return new Step(wait, Kind.INVALID_SESSION, r.nextInt(2));
    } else if (roll < 66) {
      return new Step(wait, Kind.STOP_ACKS, 0);
    } else if (roll < 70) {
      return new Step(wait, Kind.RESUME_ACKS, 0);
    } else if (roll < 73) {
      return new Step(wait, Kind.DELAY_ACKS, 1 + r.nextInt(150));
    } else if (roll < 76) {
      return new Step(wait, Kind.REQUEST_HEARTBEAT, 0);
    } else if (roll < 79) {
      return new Step(wait, Kind.WITHHOLD_HELLO, 0);
    } else if (roll < 82) {
      return new Step(wait, Kind.RELEASE_HELLO, 0);
    } else if (roll < 86) {
      return new Step(wait, Kind.MALFORMED, 0);
    } else if (roll < 97 || ended) {
      return new Step(wait, Kind.SEND, 0);
    }
    return new Step(wait, r.nextBoolean() ? Kind.USER_CLOSE : Kind.USER_CLOSE_RESUMABLE, 0);
  }

  @Override
  public String toString() {
    return "LoopbackSchedule[seed="
        + seed
        + (compress() ? ", " + compression.queryValue() + " split " + splits : ", plain")
        + ", fragments "
        + fragments
        + "]\n  "
        + String.join("\n  ", steps.stream().map(Step::toString).toList());
  }
}
