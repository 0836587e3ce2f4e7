package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.GatewayException.Kind;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether zstd-jni (an optional dependency) can be used in this process: its classes load and its
 * native library links. Asked when a client is configured for {@code zstd-stream}, so a missing jar
 * is a configuration error at build time, not a {@link NoClassDefFoundError} on an event loop.
 * Thread-safe; the answer is computed once. Also counts the zstd-stream decoders whose native
 * context is allocated and not yet freed ({@link #openContexts()}), so that a test can prove every
 * connection's context is freed (on close, error and cancellation alike).
 */
public final class ZstdSupport {

  /** The Maven coordinates to add. */
  public static final String ARTIFACT = "com.github.luben:zstd-jni";

  /** The class whose initialization loads the native library. */
  static final String PROBE_CLASS = "com.github.luben.zstd.ZstdDecompressCtx";

  /** Decoders created and not yet closed; kept here so that counting never loads zstd-jni. */
  static final AtomicInteger OPEN = new AtomicInteger();

  private ZstdSupport() {}

  /**
   * How many zstd-stream decoders in this process hold a native context now: one per open
   * connection over zstd-stream, back to 0 once every connection has ended.
   */
  public static int openContexts() {
    return OPEN.get();
  }

  private static final class Answer {
    static final String PROBLEM = problem(PROBE_CLASS, ZstdSupport.class.getClassLoader());
  }

  /** Whether {@code zstd-stream} can be decoded here. */
  public static boolean isAvailable() {
    return Answer.PROBLEM == null;
  }

  /**
   * Fails unless {@code zstd-stream} can be decoded here.
   *
   * @throws GatewayException of kind CONFIGURATION saying which dependency to add
   */
  public static void requireAvailable() {
    String problem = Answer.PROBLEM;
    if (problem != null) {
      throw missing(problem);
    }
  }

  static GatewayException missing(String problem) {
    return GatewayException.of(
        Kind.CONFIGURATION,
        "compression zstd-stream needs "
            + ARTIFACT
            + " (1.5.7-x) on the class path (on the module path also --add-modules"
            + " com.github.luben.zstd_jni), or choose zlib-stream: "
            + problem);
  }

  /** Null when {@code className} loads and initializes through {@code loader}, else why not. */
  static String problem(String className, ClassLoader loader) {
    try {
      Class.forName(className, true, loader);
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return e.getClass().getSimpleName() + " " + e.getMessage();
    }
  }
}
