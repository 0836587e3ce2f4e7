/**
 * RestClient: messages, replies and interaction responses over Discord's REST API, rate-limited.
 */
package dev.sluice.gateway.rest;
