package dev.sluice.gateway.core.internal.limit;

import java.time.Duration;

/**
 * The outbound limit of one connection: at most {@code limit} payloads in any sliding {@code
 * window} (Discord: 120 per 60 s, heartbeats included, GATEWAY.md 12.1), with part of it reserved
 * for heartbeats, Identify and Resume so they never wait behind user commands.
 *
 * <p>Time is passed in as nanoseconds from any fixed origin. Not thread-safe: one connection's
 * outbound drain owns it.
 */
public final class SendWindow {

  /** Which lane a payload uses. */
  public enum Lane {
    /** Heartbeat, Identify, Resume: may use the whole window. */
    PRIORITY,
    /** User commands: may use the window minus the reserve. */
    USER
  }

  /** Discord's default: 120 payloads. */
  public static final int DISCORD_LIMIT = 120;

  /** Discord's default: per 60 s. */
  public static final Duration DISCORD_WINDOW = Duration.ofSeconds(60);

  private final int limit;
  private final int reserve;
  private final long windowNanos;
  private final long[] sent;
  private final boolean[] priority;
  private int head;
  private int count;
  private int priorityCount;

  /**
   * @param reserve slots only the priority lane may use
   * @throws IllegalArgumentException unless {@code 0 <= reserve < limit}
   */
  public SendWindow(int limit, Duration window, int reserve) {
    if (limit < 1 || reserve < 0 || reserve >= limit || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "invalid send window: " + limit + "/" + window + " reserve " + reserve);
    }
    this.limit = limit;
    this.reserve = reserve;
    this.windowNanos = window.toNanos();
    this.sent = new long[limit];
    this.priority = new boolean[limit];
  }

  /** Discord's 120 per 60 s with the heartbeat reserve for {@code heartbeatInterval}. */
  public static SendWindow forDiscord(Duration heartbeatInterval) {
    return new SendWindow(
        DISCORD_LIMIT, DISCORD_WINDOW, heartbeatReserve(heartbeatInterval, DISCORD_WINDOW));
  }

  /**
   * Slots to keep for the priority lane: every timer beat in one window, one server-requested beat,
   * and one Identify or Resume.
   */
  public static int heartbeatReserve(Duration heartbeatInterval, Duration window) {
    long interval = Math.max(1, heartbeatInterval.toMillis());
    long beats = (window.toMillis() + interval - 1) / interval;
    return (int) Math.min(DISCORD_LIMIT - 1, beats + 2);
  }

  /** The user lane's capacity per window. */
  public int userCapacity() {
    return limit - reserve;
  }

  /**
   * How long a payload in {@code lane} must wait from {@code nowNanos}; zero when it may go now.
   * Does not record anything. The reserve is kept for priority payloads not yet sent: those already
   * in the window use their reserved slots, not the user lane's.
   */
  public long delayNanos(Lane lane, long nowNanos) {
    expire(nowNanos);
    if (fits(lane, count, priorityCount)) {
      return 0;
    }
    // Wait until enough of the oldest sends have left the window.
    int c = count;
    int p = priorityCount;
    for (int i = 0; i < count; i++) {
      int slot = (head + i) % limit;
      c--;
      p -= priority[slot] ? 1 : 0;
      if (fits(lane, c, p)) {
        return Math.max(0, sent[slot] + windowNanos - nowNanos);
      }
    }
    return 0; // not reached: an empty window fits any lane
  }

  private boolean fits(Lane lane, int inWindow, int priorityInWindow) {
    int kept = lane == Lane.PRIORITY ? 0 : Math.max(0, reserve - priorityInWindow);
    return inWindow + kept < limit;
  }

  /**
   * Records a send at {@code nowNanos} in {@code lane}.
   *
   * @throws IllegalStateException when the lane has no capacity now
   */
  public void record(Lane lane, long nowNanos) {
    if (delayNanos(lane, nowNanos) > 0) {
      throw new IllegalStateException("send window is full for " + lane);
    }
    int slot = (head + count) % limit;
    sent[slot] = nowNanos;
    priority[slot] = lane == Lane.PRIORITY;
    priorityCount += priority[slot] ? 1 : 0;
    count++;
  }

  /** Payloads sent within the window ending at {@code nowNanos}. */
  public int inWindow(long nowNanos) {
    expire(nowNanos);
    return count;
  }

  private void expire(long nowNanos) {
    while (count > 0 && nowNanos - sent[head] >= windowNanos) {
      priorityCount -= priority[head] ? 1 : 0;
      head = (head + 1) % limit;
      count--;
    }
  }
}
