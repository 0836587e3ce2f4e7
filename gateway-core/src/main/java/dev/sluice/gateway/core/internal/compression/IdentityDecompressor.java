package dev.sluice.gateway.core.internal.compression;

import dev.sluice.gateway.core.GatewayException;
import java.nio.ByteBuffer;

/** {@link Compression#NONE}: every message is complete; only its size is checked. */
final class IdentityDecompressor implements TransportDecompressor {

  private final int maxMessageBytes;

  IdentityDecompressor(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public byte[] decompress(ByteBuffer message) {
    if (message.remaining() > maxMessageBytes) {
      throw GatewayException.of(
          GatewayException.Kind.MESSAGE_TOO_LARGE,
          "message of " + message.remaining() + " bytes exceeds " + maxMessageBytes);
    }
    byte[] copy = new byte[message.remaining()];
    message.get(copy);
    return copy;
  }

  @Override
  public void close() {}
}
