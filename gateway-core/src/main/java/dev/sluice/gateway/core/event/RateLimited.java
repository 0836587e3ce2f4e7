package dev.sluice.gateway.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.gateway.core.model.Snowflake;
import java.time.Duration;

/**
 * RATE_LIMITED: a gateway command was rate limited (today only Request Guild Members, op 8).
 *
 * @param opcode the opcode of the limited request
 * @param retryAfter seconds to wait before retrying
 * @param limited opcode-specific details (the payload's {@code meta} object)
 */
public record RateLimited(
    @InjectedMeta EventMeta meta,
    int opcode,
    double retryAfter,
    @JsonProperty("meta") Limited limited)
    implements GatewayEvent {

  /** For op 8: the guild and nonce of the limited request. */
  public record Limited(Snowflake guildId, String nonce) {}

  /** {@link #retryAfter()} as a duration. */
  public Duration retryAfterDuration() {
    return Duration.ofNanos((long) (retryAfter * 1_000_000_000L));
  }
}
