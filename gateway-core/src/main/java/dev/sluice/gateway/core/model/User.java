package dev.sluice.gateway.core.model;

/**
 * A user. Only {@code id} is guaranteed (PRESENCE_UPDATE carries partial users); other components
 * may be null.
 */
public record User(
    Snowflake id,
    String username,
    String discriminator,
    String globalName,
    String avatar,
    Boolean bot,
    Boolean system,
    Integer publicFlags) {}
