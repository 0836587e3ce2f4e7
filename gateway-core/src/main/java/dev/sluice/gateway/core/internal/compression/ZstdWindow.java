package dev.sluice.gateway.core.internal.compression;

/**
 * The bound on the zstd window a {@code zstd-stream} decoder accepts, as a power of two. Default
 * {@value #DEFAULT_LOG} (8 MiB, zstd's own default limit); the system property {@value #PROPERTY}
 * overrides it for the process. Read by {@link TransportDecompressor#create(
 * dev.sluice.gateway.core.Compression, int)} on the thread that creates a connection.
 */
public final class ZstdWindow {

  /** The system property that sets the window log for the process. */
  public static final String PROPERTY = "sluice.zstd.windowLogMax";

  /** 2^23 bytes = 8 MiB, the limit zstd itself applies by default. */
  public static final int DEFAULT_LOG = 23;

  /** zstd's smallest window, 1 KiB. */
  public static final int MIN_LOG = 10;

  /** 2^27 = 128 MiB: zstd's largest default-level window; more is never needed for a gateway. */
  public static final int MAX_LOG = 27;

  private ZstdWindow() {}

  /** The configured window log: the system property when set, else {@link #DEFAULT_LOG}. */
  public static int configured() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return DEFAULT_LOG;
    }
    try {
      return check(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + " must be an integer, was " + value, e);
    }
  }

  /**
   * Returns {@code log} when it is a window log a decoder may be bounded to.
   *
   * @throws IllegalArgumentException outside {@link #MIN_LOG}..{@link #MAX_LOG}
   */
  public static int check(int log) {
    if (log < MIN_LOG || log > MAX_LOG) {
      throw new IllegalArgumentException(
          "zstd window log must be in [" + MIN_LOG + ", " + MAX_LOG + "], was " + log);
    }
    return log;
  }
}
