package dev.sluice.gateway.core.command;

import dev.sluice.gateway.core.BotToken;
import dev.sluice.gateway.core.Intents;
import dev.sluice.gateway.core.ShardInfo;
import java.util.Objects;

/**
 * Op 2, Identify: starts a new session. Sent only by the session state machine; its {@code
 * toString()} redacts the token (through {@link BotToken}).
 *
 * @param shard null for an unsharded connection
 * @param largeThreshold 50–250, or null for Discord's default (50)
 * @param presence the initial presence, or null
 * @param compress payload compression; null or false when transport compression is used
 */
public record Identify(
    BotToken token,
    Intents intents,
    IdentifyProperties properties,
    ShardInfo shard,
    Integer largeThreshold,
    UpdatePresence presence,
    Boolean compress) {

  /**
   * @throws IllegalArgumentException when {@code largeThreshold} is outside 50–250
   */
  public Identify {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(intents, "intents");
    Objects.requireNonNull(properties, "properties");
    if (largeThreshold != null && (largeThreshold < 50 || largeThreshold > 250)) {
      throw new IllegalArgumentException(
          "large_threshold must be in [50, 250], was " + largeThreshold);
    }
  }
}
