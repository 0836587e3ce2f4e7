package dev.sluice.gateway.rest;

import java.util.ArrayDeque;
import reactor.core.Disposable;

/**
 * One rate-limit bucket as the client knows it (Discord's bucket hash plus the major parameter),
 * with the requests queued for it in order. Until an answer names the bucket, one request is in
 * flight at a time; then up to {@code remaining} per window. Owned by {@link RateLimiter}: every
 * field is read and written under the limiter's lock.
 *
 * <p>Why the window bookkeeping is shaped this way: Discord's window opens at the first request it
 * receives and {@code Reset-After} is measured from the answer, so {@code answer time +
 * Reset-After} is never earlier than the server's reset. After a local reset the server's new
 * window opens no earlier than now, so {@code now + window length} is a safe provisional end, and
 * late answers from the window we already reset past must not lower {@code remaining}. Requests
 * still in flight at a local reset may land in the server's new window, so they are deducted from
 * it.
 */
final class Lane {

  /** {@link #readyAt} when the head must wait for the answer in flight (bucket unknown). */
  static final long AWAIT_ANSWER = Long.MAX_VALUE;

  /** Answers whose reset differs by less than this belong to the same window (rounding). */
  private static final long SAME_WINDOW_MILLIS = 5;

  final String key;
  final ArrayDeque<Pending> queue = new ArrayDeque<>();
  Lane movedTo;
  int inFlight;
  Disposable timer;
  long timerAt;

  private boolean known;
  private boolean unlimited;
  private int limit;
  private int remaining;
  private long windowEnd;
  private long windowLength;
  private long windowOpenedAt = Long.MIN_VALUE;
  private long pausedUntil = Long.MIN_VALUE;

  Lane(String key) {
    this.key = key;
  }

  /** The lane this one was merged into once Discord named its bucket, or this lane. */
  Lane resolve() {
    Lane lane = this;
    while (lane.movedTo != null) {
      lane = lane.movedTo;
    }
    return lane;
  }

  /** When the head request may leave, or {@link #AWAIT_ANSWER}. */
  long readyAt(long now) {
    refresh(now);
    long at = Math.max(now, pausedUntil);
    if (!known) {
      return inFlight > 0 ? AWAIT_ANSWER : at;
    }
    if (unlimited || remaining > 0) {
      return at;
    }
    return Math.max(at, windowEnd);
  }

  /** A request leaves now. */
  void take() {
    inFlight++;
    if (known && !unlimited) {
      remaining--;
    }
  }

  /**
   * What an answer's headers say about this bucket. A success without bucket headers means the
   * route is not limited; an error without them (a 5xx from Discord's edge, a 401) says nothing.
   */
  void update(RateLimitHeaders h, long now, boolean success) {
    if (!h.describesBucket()) {
      if (!known && success) {
        known = true;
        unlimited = true;
      }
      return;
    }
    long end = now + h.resetAfterMillis();
    limit = h.limit();
    windowLength = Math.max(windowLength, h.resetAfterMillis());
    if (!known || unlimited) {
      known = true;
      unlimited = false;
      remaining = h.remaining();
      windowEnd = end;
      return;
    }
    if (windowOpenedAt != Long.MIN_VALUE && end <= windowOpenedAt + SAME_WINDOW_MILLIS) {
      return; // a late answer from a window we already reset past
    }
    windowEnd = Math.max(windowEnd, end);
    remaining = Math.min(remaining, h.remaining());
  }

  /**
   * A 429 for this bucket ({@code user} scope): the server's window ends after {@code retry_after},
   * whatever we thought; nothing leaves before.
   */
  void exhausted(long now, long retryAfterMillis) {
    remaining = 0;
    windowEnd = now + retryAfterMillis;
    pause(now + retryAfterMillis);
  }

  /** A {@code shared} 429 (or any pause): nothing leaves before {@code until}. */
  void pause(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  /**
   * Takes over {@code other}, the lane its route used before Discord named the bucket: its requests
   * in flight, its pause, and its queue, merged with this one's in the order they were submitted.
   */
  void absorb(Lane other) {
    inFlight += other.inFlight;
    other.inFlight = 0;
    pause(other.pausedUntil);
    if (!other.queue.isEmpty()) {
      java.util.List<Pending> all = new java.util.ArrayList<>(queue);
      all.addAll(other.queue);
      all.sort(java.util.Comparator.comparingLong(p -> p.order));
      queue.clear();
      queue.addAll(all);
      other.queue.clear();
    }
  }

  boolean idle(long now) {
    return queue.isEmpty() && inFlight == 0 && now >= pausedUntil && now >= windowEnd;
  }

  private void refresh(long now) {
    if (known && !unlimited && now >= windowEnd && windowOpenedAt < windowEnd) {
      // A request still in flight may reach the server after its reset and open (and count
      // against) the new window: leave room for it.
      remaining = Math.max(0, limit - inFlight);
      windowOpenedAt = now;
      windowEnd = now + windowLength;
    }
  }
}
