/**
 * Outbound payloads: the sealed set of user commands, and the Identify, Resume and Heartbeat
 * payloads that only the session state machine sends.
 */
package dev.sluice.gateway.core.command;
