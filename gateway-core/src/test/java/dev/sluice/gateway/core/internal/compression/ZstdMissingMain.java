package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.Compression;
import dev.sluice.gateway.core.GatewayException;

/** Run by {@link ZstdSupportTest} in a JVM without zstd-jni on the class path. */
public final class ZstdMissingMain {

  private ZstdMissingMain() {}

  public static void main(String[] args) {
    try (TransportDecompressor zlib = TransportDecompressor.create(Compression.ZLIB_STREAM, 4096)) {
      System.out.println("zlib-stream ok " + zlib.getClass().getSimpleName());
    }
    System.out.println("available " + ZstdSupport.isAvailable());
    try {
      TransportDecompressor.create(Compression.ZSTD_STREAM, 4096).close();
      System.out.println("zstd-stream created without the jar?");
    } catch (GatewayException e) {
      System.out.println("zstd-stream " + e.kind() + " " + e.getMessage());
    } catch (LinkageError e) {
      System.out.println("NoClassDefFoundError in create: " + e);
    }
  }
}
