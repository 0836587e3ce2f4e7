package dev.sluice.benchmarks.e2e;

import dev.sluice.gateway.core.Compression;

/** How the benchmark gateway encodes what it sends: plain JSON, zlib-stream or zstd-stream. */
public enum Wire {
  PLAIN("plain", Compression.NONE),
  ZLIB("zlib", Compression.ZLIB_STREAM),
  ZSTD("zstd", Compression.ZSTD_STREAM);

  private final String arg;
  private final Compression compression;

  Wire(String arg, Compression compression) {
    this.arg = arg;
    this.compression = compression;
  }

  /** The name on command lines and in logs: {@code plain}, {@code zlib}, {@code zstd}. */
  public String arg() {
    return arg;
  }

  /** Sluice's setting for this wire. */
  public Compression compression() {
    return compression;
  }

  /** The gateway URL query a client connects with. */
  public String query() {
    String compress = compression.queryValue();
    return "/?v=10&encoding=json" + (compress == null ? "" : "&compress=" + compress);
  }

  /** The wire a command-line name stands for. */
  public static Wire of(String arg) {
    for (Wire w : values()) {
      if (w.arg.equals(arg)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown wire " + arg + " (plain, zlib, zstd)");
  }

  /** The wire a client asked for in its WebSocket URL. */
  static Wire fromUri(String uri) {
    if (uri.contains("compress=zstd-stream")) {
      return ZSTD;
    }
    return uri.contains("compress=zlib-stream") ? ZLIB : PLAIN;
  }
}
