package consumer;

import dev.sluice.gateway.core.internal.Json;

public final class Main {
  public static void main(String[] args) {
    System.out.println(Json.MAPPER);
  }
}
