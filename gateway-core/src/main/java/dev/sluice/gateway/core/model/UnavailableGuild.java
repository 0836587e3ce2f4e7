package dev.sluice.gateway.core.model;

/** A guild as READY lists it, before its GUILD_CREATE. */
public record UnavailableGuild(Snowflake id, Boolean unavailable) {}
