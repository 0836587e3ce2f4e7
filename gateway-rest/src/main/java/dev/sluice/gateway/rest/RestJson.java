package dev.sluice.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for REST bodies: snake_case names, nulls left out of requests, unknown response fields
 * ignored. Thread-safe; shared by every {@link RestClient}.
 */
final class RestJson {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private RestJson() {}

  static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** A create body with {@code nonce} and {@code enforce_nonce: true} added. */
  static byte[] withNonce(Object value, String nonce) {
    ObjectNode node = MAPPER.valueToTree(value);
    node.put("nonce", nonce);
    node.put("enforce_nonce", true);
    return MAPPER.writeValueAsBytes(node);
  }

  static <T> T read(byte[] body, Class<T> type) {
    return MAPPER.readValue(body, type);
  }

  /** Discord's JSON error body, {@code {"code": 10003, "message": "Unknown Channel"}}. */
  record ErrorBody(int code, String message) {

    static final ErrorBody NONE = new ErrorBody(0, null);

    static ErrorBody parse(byte[] body) {
      if (body.length == 0) {
        return NONE;
      }
      try {
        JsonNode node = MAPPER.readTree(body);
        if (node == null || !node.isObject()) {
          return NONE;
        }
        JsonNode message = node.path("message");
        return new ErrorBody(
            node.path("code").asInt(0), message.isString() ? message.asString() : null);
      } catch (JacksonException e) {
        return NONE;
      }
    }
  }
}
