package dev.sluice.gateway.core.model;

/** A message attachment. */
public record Attachment(
    Snowflake id, String filename, Long size, String url, String proxyUrl, String contentType) {}
