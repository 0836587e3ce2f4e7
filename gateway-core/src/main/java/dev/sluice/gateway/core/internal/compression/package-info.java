/**
 * Transport decompression ({@code zlib-stream} with the JDK's Inflater, {@code zstd-stream} with
 * the optional zstd-jni), bounded in output size and, for zstd, in window size.
 */
package dev.sluice.gateway.core.internal.compression;
