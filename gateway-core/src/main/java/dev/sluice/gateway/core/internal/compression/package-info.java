/** Transport decompression ({@code zlib-stream}), bounded in output size. */
package dev.sluice.gateway.core.internal.compression;
