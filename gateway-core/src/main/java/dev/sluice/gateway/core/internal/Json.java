package dev.sluice.gateway.core.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper Sluice uses for gateway JSON: snake_case names, unknown properties
 * ignored, missing primitives defaulted. Thread-safe; shared by the codec, the event decoder and
 * the testkit.
 */
public final class Json {

  /** The shared mapper. */
  public static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // Per-thread buffers: parsing runs on a few long-lived event-loop threads, where
                  // a thread-local pool is cheaper than the default shared deque.
                  .recyclerPool(JsonRecyclerPools.threadLocalPool())
                  .build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /**
   * A bare streaming parser over bytes: no databind context is created, which matters on the
   * per-message envelope path. The caller closes it.
   */
  public static JsonParser parser(byte[] buffer, int offset, int length) {
    return MAPPER
        .tokenStreamFactory()
        .createParser(ObjectReadContext.empty(), buffer, offset, length);
  }
}
