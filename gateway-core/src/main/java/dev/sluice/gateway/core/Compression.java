package dev.sluice.gateway.core;

/**
 * Transport compression, negotiated with the {@code compress} query parameter of the gateway URL.
 */
public enum Compression {
  /** No transport compression: every message is plain JSON. */
  NONE(null),
  /**
   * One zlib stream for the whole connection; a message ends with {@code 00 00 FF FF} and may span
   * several WebSocket messages.
   */
  ZLIB_STREAM("zlib-stream");

  private final String queryValue;

  Compression(String queryValue) {
    this.queryValue = queryValue;
  }

  /** The {@code compress} query value, or null for {@link #NONE}. */
  public String queryValue() {
    return queryValue;
  }
}
