/**
 * Dispatch events as users see them: typed records for common events, {@link
 * dev.sluice.gateway.core.event.RawEvent} for the rest.
 */
package dev.sluice.gateway.core.event;
