/**
 * Pure rate-limit arithmetic: identify buckets, the daily session budget and the outbound send
 * window.
 */
package dev.sluice.gateway.core.internal.limit;
