/**
 * Discord entities carried inside events (users, members, messages, channels, ...), decoded
 * leniently.
 */
package dev.sluice.gateway.core.model;
