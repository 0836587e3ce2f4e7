package consumer;

import dev.sluice.gateway.core.internal.codec.GatewayCodec;

public final class Main {
  public static void main(String[] args) {
    System.out.println(GatewayCodec.class);
  }
}
