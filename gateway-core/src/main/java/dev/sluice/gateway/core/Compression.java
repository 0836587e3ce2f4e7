package dev.sluice.gateway.core;

/**
 * Transport compression, negotiated with the {@code compress} query parameter of the gateway URL.
 * {@link #ZLIB_STREAM} needs nothing beyond the JDK; {@link #ZSTD_STREAM} needs zstd-jni.
 */
public enum Compression {
  /** No transport compression: every message is plain JSON. */
  NONE(null),
  /**
   * One zlib stream for the whole connection; a message ends with {@code 00 00 FF FF} and may span
   * several WebSocket messages.
   */
  ZLIB_STREAM("zlib-stream"),
  /**
   * One zstd stream for the whole connection whose frame never ends; every WebSocket message is one
   * whole gateway message. Needs {@code com.github.luben:zstd-jni} (an optional dependency of
   * Sluice) at run time; asking for it without that jar is a configuration error when the client is
   * built. The decoder keeps the server's window per connection (megabytes, where zlib keeps 32
   * KiB): see docs/performance.md, "zstd-stream".
   */
  ZSTD_STREAM("zstd-stream");

  private final String queryValue;

  Compression(String queryValue) {
    this.queryValue = queryValue;
  }

  /** The {@code compress} query value, or null for {@link #NONE}. */
  public String queryValue() {
    return queryValue;
  }
}
