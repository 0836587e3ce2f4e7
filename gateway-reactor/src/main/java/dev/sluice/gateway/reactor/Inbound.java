package dev.sluice.gateway.reactor;

import dev.sluice.gateway.core.GatewayException;
import dev.sluice.gateway.core.internal.codec.GatewayCodec;
import dev.sluice.gateway.core.internal.compression.TransportDecompressor;
import dev.sluice.gateway.core.internal.session.Input;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What one connection receives, as the session machine's inputs: each WebSocket message inflated
 * and envelope-decoded on the Netty event loop (a rejected one becomes {@link Input.Failed}), then
 * how the connection closed ({@link Input.Closed}, with -1 when it dropped without a close frame).
 * Used by {@link ConnectionRun}.
 */
final class Inbound {

  private Inbound() {}

  static Flux<Input> inputs(Transport.Connection connection, TransportDecompressor decompressor) {
    return connection
        .receive(message -> decode(message, decompressor))
        .concatWith(
            Mono.defer(() -> connection.closeCode().map(code -> new Input.Closed(code, null))))
        // A typed error of the transport (a fragmented message over the limit, fragments out of
        // order) is a rejected message; anything else means the connection is gone.
        .onErrorResume(
            e ->
                Mono.just(
                    e instanceof GatewayException rejected
                        ? new Input.Failed(rejected)
                        : new Input.Closed(-1, e.getClass().getSimpleName())));
  }

  private static Input decode(ByteBuffer message, TransportDecompressor decompressor) {
    try {
      byte[] bytes = decompressor.decompress(message);
      return bytes == null ? null : Input.received(GatewayCodec.decode(bytes));
    } catch (GatewayException e) {
      return new Input.Failed(e);
    }
  }
}
