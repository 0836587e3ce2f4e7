package dev.sluice.gateway.core.model;

import java.util.List;

/**
 * A message as MESSAGE_CREATE and MESSAGE_UPDATE carry it. Without the MESSAGE_CONTENT intent
 * {@code content} is empty for most messages. {@code guildId} and {@code member} are set for guild
 * messages only. MESSAGE_UPDATE may be partial: any component but {@code id} and {@code channelId}
 * may be null.
 */
public record Message(
    Snowflake id,
    Snowflake channelId,
    Snowflake guildId,
    User author,
    Member member,
    String content,
    String timestamp,
    String editedTimestamp,
    Boolean tts,
    Boolean mentionEveryone,
    List<User> mentions,
    List<Snowflake> mentionRoles,
    List<Attachment> attachments,
    Integer type,
    Integer channelType,
    String nonce,
    Boolean pinned,
    Snowflake webhookId,
    Long flags) {}
