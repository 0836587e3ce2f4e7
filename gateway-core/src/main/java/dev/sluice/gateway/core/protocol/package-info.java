/**
 * The gateway's vocabulary: opcodes and close codes, each with the behaviour the protocol gives it.
 */
package dev.sluice.gateway.core.protocol;
