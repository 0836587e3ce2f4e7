package dev.sluice.gateway.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random fault schedule, generated from one seed: the shape of the run (compression, split
 * messages, heartbeat interval, a slow subscriber) and a list of steps, each a fault (or a user's
 * action) after a wait in virtual time. The same seed always gives the same schedule, and {@link
 * #toString()} prints it.
 *
 * @param seed the seed it was generated from
 * @param compress whether the client asks for zlib-stream
 * @param split whether each compressed message comes in two WebSocket messages
 * @param heartbeatMillis the Hello's interval
 * @param slowMillis how long the subscriber takes per event (0: as fast as it comes)
 * @param closeDelayMillis how long the client's close frames take to be written
 * @param steps the faults, in order
 */
record FaultSchedule(
    long seed,
    boolean compress,
    boolean split,
    long heartbeatMillis,
    long slowMillis,
    long closeDelayMillis,
    List<Step> steps) {

  /** What a step does; {@code arg} is its parameter where it has one. */
  enum Kind {
    DISPATCH, // arg events on the current session
    DROP, // TCP drop
    CLOSE, // arg: the close code
    RECONNECT, // op 7
    INVALID_SESSION, // arg 1: d true, 0: false
    RECONNECT_BEFORE_HELLO, // arg 1: on, 0: off
    REQUEST_HEARTBEAT, // op 1 from the server
    ACKS, // arg -1: stopped, 0: normal, else delayed by arg ms
    HELLO, // arg -1: silent, else delayed by arg ms (0 releases a silence)
    READY, // arg -1: silent, else delayed by arg ms
    RESUMED, // arg -1: silent, else delayed by arg ms
    IDENTIFY_REFUSED, // arg 1: on (op 9 false to every Identify), 0: off
    REPLAY_OVERLAP, // arg: events replayed again before the Resume's sequence
    REPLAY_DUPLICATES, // arg 1: on, 0: off
    OMIT_RESUME_URL, // arg 1: on, 0: off
    EXPIRE, // the current session expires while no connection carries it
    MALFORMED, // a message that is not JSON
    CORRUPT_ZLIB, // garbage in the zlib stream (malformed JSON without compression)
    OUTAGE, // arg 1: connections refused, 0: accepted again
    SEND, // a user command
    USER_CLOSE, // close()
    USER_CLOSE_RESUMABLE // closeResumable()
  }

  /** One step: after {@code waitMillis} of virtual time, {@code kind} with {@code arg}. */
  record Step(long waitMillis, Kind kind, long arg) {
    @Override
    public String toString() {
      return "+" + waitMillis + "ms " + kind + (arg != 0 ? "(" + arg + ")" : "");
    }
  }

  static final int[] RESUMABLE_CODES = {4000, 4001, 4002, 4005, 4008, 1001, 1011};
  static final int[] NEW_SESSION_CODES = {4003, 4007, 4009};
  static final int[] FATAL_CODES = {4004, 4010, 4011, 4012, 4013, 4014};

  /** The schedule of {@code seed}. */
  static FaultSchedule generate(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean compress = r.nextInt(3) == 0;
    boolean split = compress && r.nextBoolean();
    long heartbeat = r.nextInt(4) == 0 ? 41_250 : 1_000 + r.nextInt(44_000);
    long slow = r.nextInt(4) == 0 ? 1 + r.nextInt(30) : 0;
    long closeDelay = r.nextBoolean() ? 0 : 1 + r.nextInt(200);
    int count = 8 + r.nextInt(33);
    List<Step> steps = new ArrayList<>(count);
    boolean ended = false;
    for (int i = 0; i < count; i++) {
      Step step = step(r, ended);
      ended |= step.kind() == Kind.USER_CLOSE || step.kind() == Kind.USER_CLOSE_RESUMABLE;
      ended |= step.kind() == Kind.CLOSE && isFatal((int) step.arg());
      steps.add(step);
    }
    return new FaultSchedule(
        seed, compress, split, heartbeat, slow, closeDelay, List.copyOf(steps));
  }

  static boolean isFatal(int code) {
    for (int fatal : FATAL_CODES) {
      if (fatal == code) {
        return true;
      }
    }
    return false;
  }

  private static long waitMillis(SplittableRandom r) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> 0;
      case 3, 4, 5, 6 -> r.nextInt(2_000);
      case 7, 8 -> r.nextInt(30_000);
      default -> r.nextInt(120_000);
    };
  }

  private static Step step(SplittableRandom r, boolean ended) {
    long wait = waitMillis(r);
    int roll = r.nextInt(1000);
    if (roll < 300) {
      return new Step(wait, Kind.DISPATCH, 1 + r.nextInt(r.nextInt(8) == 0 ? 40 : 5));
    } else if (roll < 360) {
      return new Step(wait, Kind.DROP, 0);
    } else if (roll < 440) {
      int[] pool = r.nextInt(3) == 0 ? NEW_SESSION_CODES : RESUMABLE_CODES;
      return new Step(wait, Kind.CLOSE, pool[r.nextInt(pool.length)]);
    } else if (roll < 450 && !ended) {
      return new Step(wait, Kind.CLOSE, FATAL_CODES[r.nextInt(FATAL_CODES.length)]);
    } else if (roll < 490) {
      return new Step(wait, Kind.RECONNECT, 0);
    } else if (roll < 540) {
      return new Step(wait, Kind.INVALID_SESSION, r.nextInt(2));
    } else if (roll < 555) {
      return new Step(wait, Kind.RECONNECT_BEFORE_HELLO, r.nextInt(2));
    } else if (roll < 580) {
      return new Step(wait, Kind.REQUEST_HEARTBEAT, 0);
    } else if (roll < 630) {
      int mode = r.nextInt(3);
      return new Step(wait, Kind.ACKS, mode == 0 ? -1 : mode == 1 ? 0 : 1 + r.nextInt(60_000));
    } else if (roll < 690) {
      Kind kind = new Kind[] {Kind.HELLO, Kind.READY, Kind.RESUMED}[r.nextInt(3)];
      int mode = r.nextInt(3);
      return new Step(wait, kind, mode == 0 ? -1 : mode == 1 ? 0 : 1 + r.nextInt(70_000));
    } else if (roll < 700) {
      return new Step(wait, Kind.IDENTIFY_REFUSED, r.nextInt(2));
    } else if (roll < 720) {
      return new Step(wait, Kind.REPLAY_OVERLAP, r.nextInt(6));
    } else if (roll < 735) {
      return new Step(wait, Kind.REPLAY_DUPLICATES, r.nextInt(2));
    } else if (roll < 750) {
      return new Step(wait, Kind.OMIT_RESUME_URL, r.nextInt(2));
    } else if (roll < 770) {
      return new Step(wait, Kind.EXPIRE, 0);
    } else if (roll < 800) {
      return new Step(wait, Kind.MALFORMED, 0);
    } else if (roll < 820) {
      return new Step(wait, Kind.CORRUPT_ZLIB, 0);
    } else if (roll < 840) {
      return new Step(wait, Kind.OUTAGE, r.nextInt(2));
    } else if (roll < 990 || ended) {
      return new Step(wait, Kind.SEND, 0);
    }
    return new Step(wait, r.nextBoolean() ? Kind.USER_CLOSE : Kind.USER_CLOSE_RESUMABLE, 0);
  }

  @Override
  public String toString() {
    return "FaultSchedule[seed="
        + seed
        + (compress ? ", zlib-stream" + (split ? " split" : "") : ", plain")
        + ", heartbeat "
        + heartbeatMillis
        + " ms"
        + (slowMillis > 0 ? ", slow subscriber " + slowMillis + " ms/event" : "")
        + (closeDelayMillis > 0 ? ", close frames take " + closeDelayMillis + " ms" : "")
        + "]\n  "
        + String.join("\n  ", steps.stream().map(Step::toString).toList());
  }
}
