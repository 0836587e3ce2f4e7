package dev.sluice.gateway.core.event;

/** RESUMED: every missed event has been replayed; later events are live. Its body is opaque. */
public record Resumed(@InjectedMeta EventMeta meta) implements GatewayEvent {}
