/**
 * JSON codec: envelope-first decoding with a raw {@code d}, on-demand typed decoding, and encoding.
 */
package dev.sluice.gateway.core.internal.codec;
