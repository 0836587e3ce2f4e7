package dev.sluice.gateway.core.model;

/** An emoji; {@code id} is null for Unicode emoji. */
public record Emoji(Snowflake id, String name, Boolean animated) {}
