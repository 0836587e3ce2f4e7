package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.model.Snowflake;
import java.util.Objects;

/**
 * What a reply points at (Discord's {@code message_reference}).
 *
 * @param messageId the message replied to
 * @param channelId its channel (optional for a reply in the same channel)
 * @param guildId its guild (optional)
 * @param failIfNotExists whether to fail (HTTP 400) when the message was deleted; Discord's default
 *     is true, {@link #to} sets false so a reply still posts as a plain message
 */
public record MessageReference(
    Snowflake messageId, Snowflake channelId, Snowflake guildId, Boolean failIfNotExists) {

  /** Validates. */
  public MessageReference {
    Objects.requireNonNull(messageId, "messageId");
  }

  /** A reference to a message in a channel that still posts if the message is gone. */
  public static MessageReference to(Snowflake channelId, Snowflake messageId) {
    return new MessageReference(messageId, channelId, null, false);
  }
}
