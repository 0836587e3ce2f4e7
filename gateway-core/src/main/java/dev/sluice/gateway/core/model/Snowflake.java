package dev.sluice.gateway.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A Discord id: an unsigned 64-bit number. Decoded from a JSON string or number (Discord echoes
 * short ids back as numbers), encoded as a string.
 *
 * @param value the id as a signed long holding the unsigned bits
 */
public record Snowflake(long value) implements Comparable<Snowflake> {

  private static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;

  /** The id with this unsigned decimal text. */
  public static Snowflake of(String text) {
    try {
      return new Snowflake(Long.parseUnsignedLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a snowflake: " + text, e);
    }
  }

  /** The id with this value. */
  public static Snowflake of(long value) {
    return new Snowflake(value);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Snowflake fromJson(Object json) {
    if (json instanceof String s) {
      return of(s);
    }
    if (json instanceof BigInteger big) {
      return new Snowflake(big.longValue());
    }
    if (json instanceof Number n) {
      return new Snowflake(n.longValue());
    }
    throw new IllegalArgumentException("not a snowflake: " + json);
  }

  /** The unsigned decimal text, as Discord sends it. */
  @JsonValue
  public String asString() {
    return Long.toUnsignedString(value);
  }

  /** When the id was created, from its timestamp bits. */
  public Instant timestamp() {
    return Instant.ofEpochMilli((value >>> 22) + DISCORD_EPOCH_MILLIS);
  }

  @Override
  public int compareTo(Snowflake o) {
    return Long.compareUnsigned(value, o.value);
  }

  @Override
  public String toString() {
    return asString();
  }
}
