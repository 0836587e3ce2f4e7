package dev.sluice.gateway.rest;

/**
 * Counts the answers Discord counts as invalid requests (401, 403, and 429 other than {@code
 * shared}) over a sliding 10-minute window in one-second slots, and says when new requests must be
 * refused. Discord bans an IP for a while at 10,000 per 10 minutes; refusing well before that keeps
 * a misbehaving bot (a revoked permission, a deleted channel it keeps posting to) from taking the
 * whole host offline. Called by {@link RateLimiter} under its lock; not thread-safe by itself.
 */
final class InvalidRequestGuard {

  static final long WINDOW_MILLIS = 10 * 60 * 1000L;
  private static final int SLOTS = 600;
  private static final long SLOT_MILLIS = WINDOW_MILLIS / SLOTS;

  private final int limit;
  private final long[] slotIndex = new long[SLOTS];
  private final int[] slotCount = new int[SLOTS];
  // The count is asked before every request leaves: summed once per slot, then kept up to date.
  private long countedAt = Long.MIN_VALUE;
  private int counted;

  InvalidRequestGuard(int limit) {
    this.limit = limit;
    java.util.Arrays.fill(slotIndex, Long.MIN_VALUE);
  }

  void record(long nowMillis) {
    long index = Math.floorDiv(nowMillis, SLOT_MILLIS);
    int i = (int) Math.floorMod(index, SLOTS);
    if (slotIndex[i] != index) {
      slotIndex[i] = index;
      slotCount[i] = 0;
    }
    slotCount[i]++;
    if (index == countedAt) {
      counted++;
    } else {
      countedAt = Long.MIN_VALUE;
    }
  }

  /** Invalid requests counted in the last 10 minutes. */
  int count(long nowMillis) {
    long newest = Math.floorDiv(nowMillis, SLOT_MILLIS);
    if (newest == countedAt) {
      return counted;
    }
    int total = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (slotIndex[i] > newest - SLOTS && slotIndex[i] <= newest) {
        total += slotCount[i];
      }
    }
    countedAt = newest;
    counted = total;
    return total;
  }

  /** Whether new requests must be refused now. */
  boolean exhausted(long nowMillis) {
    return count(nowMillis) >= limit;
  }

  int limit() {
    return limit;
  }
}
