package dev.sluice.gateway.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable set of gateway intents, as the bit field Identify sends.
 *
 * <pre>{@code
 * Intents intents = Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT);
 * }</pre>
 */
public final class Intents {

  private static final long KNOWN_BITS =
      Arrays.stream(Intent.values()).mapToLong(Intent::value).reduce(0, (a, b) -> a | b);

  private static final Intents NONE = new Intents(0);

  private final long bits;

  private Intents(long bits) {
    this.bits = bits;
  }

  /** No intents. */
  public static Intents none() {
    return NONE;
  }

  /** Every documented intent. */
  public static Intents all() {
    return new Intents(KNOWN_BITS);
  }

  /** Every documented intent that is not privileged. */
  public static Intents nonPrivileged() {
    return all().without(privilegedOnly());
  }

  /** The given intents. */
  public static Intents of(Intent... intents) {
    long bits = 0;
    for (Intent intent : intents) {
      bits |= intent.value();
    }
    return new Intents(bits);
  }

  /**
   * Intents from a raw bit field.
   *
   * @throws IllegalArgumentException if it sets an undocumented bit (the gateway would close with
   *     4013)
   */
  public static Intents fromBits(long bits) {
    if ((bits & ~KNOWN_BITS) != 0) {
      throw new IllegalArgumentException(
          "undocumented intent bits: " + Long.toBinaryString(bits & ~KNOWN_BITS));
    }
    return new Intents(bits);
  }

  private static Intents privilegedOnly() {
    return of(Arrays.stream(Intent.values()).filter(Intent::isPrivileged).toArray(Intent[]::new));
  }

  /** The raw bit field. */
  public long bits() {
    return bits;
  }

  /** Whether {@code intent} is in this set. */
  public boolean contains(Intent intent) {
    return (bits & intent.value()) != 0;
  }

  /** This set plus {@code other}. */
  public Intents with(Intents other) {
    return new Intents(bits | other.bits);
  }

  /** This set minus {@code other}. */
  public Intents without(Intents other) {
    return new Intents(bits & ~other.bits);
  }

  /** The privileged intents in this set. */
  public Set<Intent> privileged() {
    return asSet().stream().filter(Intent::isPrivileged).collect(Collectors.toUnmodifiableSet());
  }

  /** The intents in this set. */
  public Set<Intent> asSet() {
    EnumSet<Intent> set = EnumSet.noneOf(Intent.class);
    for (Intent intent : Intent.values()) {
      if (contains(intent)) {
        set.add(intent);
      }
    }
    return set;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intents other && other.bits == bits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bits);
  }

  @Override
  public String toString() {
    return "Intents" + asSet() + "(" + bits + ")";
  }
}
