package dev.sluice.gateway.core.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Event type names ({@code t}) kept so that decoding a known type allocates no string. Shared by
 * every connection: read and filled from any decoding thread without locks (see {@link #name}).
 */
final class TypeNames {

  private static final TypeName[] TYPES = new TypeName[512];

  private static final int PROBES = 4;

  private TypeNames() {}

  /**
   * The name in {@code buffer[start, start + length)} (plain ASCII, as {@link
   * JsonBytes#plainStringEnd} found it): from the cache when it holds it, else made and, when there
   * is room, cached. The slot comes from the length and four of the bytes (cheap; names alike, such
   * as MESSAGE_CREATE and MESSAGE_UPDATE, may share it), and the cache is open-addressed over
   * {@link #PROBES} slots and only ever filled, never evicted, so that such names never keep
   * replacing one another. It holds at most {@code TYPES.length} names of at most 64 bytes.
   */
  static String name(byte[] buffer, int start, int length) {
    if (length == 0) {
      return "";
    }
    int end = start + length;
    int mixed =
        length * 31
            + buffer[start] * 7
            + buffer[start + length / 2] * 3
            + buffer[end - 1]
            + buffer[start + length * 3 / 4] * 11;
    mixed ^= mixed >>> 5;
    for (int probe = 0; probe < PROBES; probe++) {
      int slot = (mixed + probe) & (TYPES.length - 1);
      TypeName cached = TYPES[slot];
      if (cached == null) {
        String name = new String(buffer, start, length, StandardCharsets.UTF_8);
        if (length <= 64) {
          // A benign race: a reader sees a complete entry (final fields) or none; an entry lost
          // to a concurrent insert is made again next time.
          TYPES[slot] = new TypeName(Arrays.copyOfRange(buffer, start, end), name);
        }
        return name;
      }
      if (Arrays.equals(cached.bytes, 0, cached.bytes.length, buffer, start, end)) {
        return cached.name;
      }
    }
    return new String(buffer, start, length, StandardCharsets.UTF_8); // crowded here: not kept
  }

  /** A cached event type name with its bytes. */
  private record TypeName(byte[] bytes, String name) {}
}
