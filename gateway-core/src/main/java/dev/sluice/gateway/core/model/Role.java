package dev.sluice.gateway.core.model;

/** A guild role. {@code permissions} is the bit set as a decimal string, as Discord sends it. */
public record Role(
    Snowflake id,
    String name,
    Integer color,
    Boolean hoist,
    Integer position,
    String permissions,
    Boolean managed,
    Boolean mentionable) {}
