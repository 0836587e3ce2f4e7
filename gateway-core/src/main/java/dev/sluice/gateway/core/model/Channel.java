package dev.sluice.gateway.core.model;

/**
 * A channel or thread. Fields common to channels and threads are kept; the rest are ignored.
 *
 * @param type the channel type (0 guild text, 1 DM, 2 voice, 11 public thread, ...)
 * @param newlyCreated for THREAD_CREATE, whether the thread was just created (else the bot was
 *     added)
 */
public record Channel(
    Snowflake id,
    int type,
    Snowflake guildId,
    String name,
    Integer position,
    Snowflake parentId,
    String topic,
    Boolean nsfw,
    Snowflake lastMessageId,
    Snowflake ownerId,
    Integer rateLimitPerUser,
    Integer messageCount,
    Integer memberCount,
    Boolean newlyCreated) {}
