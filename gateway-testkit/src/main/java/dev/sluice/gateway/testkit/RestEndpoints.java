package dev.sluice.gateway.testkit;

import dev.sluice.gateway.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What each REST endpoint of the fake answers, with Discord's JSON errors. A channel message posted
 * over REST is also dispatched as MESSAGE_CREATE, as Discord does. Called by {@link RestRoutes} on
 * event loops after the rate-limit gate; state lives in {@link FakeRest} (thread-safe).
 */
final class RestEndpoints {

  static final String UNAUTHORIZED = error("401: Unauthorized", 0);

  private static final RestRoutes.Answer NO_CONTENT = new RestRoutes.Answer(204, null);

  private final FakeGateway gateway;
  private final GatewayProtocol protocol;
  private final FakeRest rest;
  private final List<String> callbacks = new ArrayList<>();

  RestEndpoints(FakeGateway gateway, GatewayProtocol protocol, FakeRest rest) {
    this.gateway = gateway;
    this.protocol = protocol;
    this.rest = rest;
  }

  RestRoutes.Answer createMessage(RestRoutes.Call call) {
    String channelId = call.param("channelId");
    RestRoutes.Answer refused = channelRefusal(channelId);
    if (refused != null) {
      return refused;
    }
    JsonNode json = parse(call.body());
    if (json == null) {
      return new RestRoutes.Answer(400, error("400: Bad Request", 50109));
    }
    String content = json.path("content").isString() ? json.path("content").asString() : "";
    if (content.isEmpty()) {
      return new RestRoutes.Answer(400, error("Cannot send an empty message", 50006));
    }
    String nonce =
        json.path("nonce").isMissingNode() || json.path("nonce").isNull()
            ? null
            : json.path("nonce").asString();
    boolean enforce = json.path("enforce_nonce").asBoolean(false);
    if (nonce != null && enforce) {
      ObjectNode earlier = rest.messages.deduplicated(channelId, nonce, gateway.now());
      if (earlier != null) {
        return new RestRoutes.Answer(200, earlier.toString());
      }
    }
    ObjectNode message = rest.messages.create(channelId, content, nonce, enforce, gateway.now());
    String text = message.toString();
    protocol.posted(
        new FakeGateway.PostedMessage(channelId, content, call.body(), gateway.now()), text);
    return new RestRoutes.Answer(200, text);
  }

  RestRoutes.Answer editMessage(RestRoutes.Call call) {
    String channelId = call.param("channelId");
    RestRoutes.Answer refused = channelRefusal(channelId);
    return refused != null ? refused : edit(channelId, call.param("messageId"), call.body());
  }

  RestRoutes.Answer deleteMessage(RestRoutes.Call call) {
    String channelId = call.param("channelId");
    RestRoutes.Answer refused = channelRefusal(channelId);
    if (refused != null) {
      return refused;
    }
    return rest.messages.delete(channelId, call.param("messageId")) ? NO_CONTENT : unknownMessage();
  }

  /** An interaction callback: type 4 creates the original response. */
  RestRoutes.Answer callback(RestRoutes.Call call) {
    JsonNode json = parse(call.body());
    if (json == null || !json.path("type").isInt()) {
      return new RestRoutes.Answer(400, error("Invalid Form Body", 50035));
    }
    String token = call.param("interactionToken");
    synchronized (callbacks) {
      if (callbacks.contains(token)) {
        return new RestRoutes.Answer(
            400, error("Interaction has already been acknowledged.", 40060));
      }
      callbacks.add(token);
    }
    JsonNode data = json.path("data");
    if (json.path("type").asInt() == 4 && data.path("content").isString()) {
      ObjectNode original =
          rest.messages.create(
              Events.DEFAULT_CHANNEL, data.path("content").asString(), null, false, gateway.now());
      rest.messages.alias(token + "/@original", original.path("id").asString());
    } else if (json.path("type").asInt() == 5) {
      ObjectNode original =
          rest.messages.create(Events.DEFAULT_CHANNEL, "…", null, false, gateway.now());
      rest.messages.alias(token + "/@original", original.path("id").asString());
    }
    return NO_CONTENT;
  }

  RestRoutes.Answer createFollowup(RestRoutes.Call call) {
    JsonNode json = parse(call.body());
    if (json == null
        || !json.path("content").isString()
        || json.path("content").asString().isEmpty()) {
      return new RestRoutes.Answer(400, error("Cannot send an empty message", 50006));
    }
    ObjectNode message =
        rest.messages.create(
            Events.DEFAULT_CHANNEL, json.path("content").asString(), null, false, gateway.now());
    rest.messages.alias(
        call.param("interactionToken") + "/" + message.path("id").asString(),
        message.path("id").asString());
    return new RestRoutes.Answer(200, message.toString());
  }

  RestRoutes.Answer editFollowup(RestRoutes.Call call) {
    return edit(null, followupKey(call), call.body());
  }

  RestRoutes.Answer deleteFollowup(RestRoutes.Call call) {
    return rest.messages.delete(null, followupKey(call)) ? NO_CONTENT : unknownMessage();
  }

  private static String followupKey(RestRoutes.Call call) {
    return call.param("interactionToken") + "/" + call.param("messageId");
  }

  private RestRoutes.Answer edit(String channelId, String id, String body) {
    JsonNode json = parse(body);
    if (json == null) {
      return new RestRoutes.Answer(400, error("400: Bad Request", 50109));
    }
    String content = json.path("content").isString() ? json.path("content").asString() : null;
    ObjectNode edited = rest.messages.edit(channelId, id, content, gateway.now());
    return edited == null ? unknownMessage() : new RestRoutes.Answer(200, edited.toString());
  }

  private RestRoutes.Answer channelRefusal(String channelId) {
    int status = rest.channelStatus(channelId);
    if (status == 404) {
      return new RestRoutes.Answer(404, error("Unknown Channel", 10003));
    }
    return status == 403 ? new RestRoutes.Answer(403, error("Missing Permissions", 50013)) : null;
  }

  private static RestRoutes.Answer unknownMessage() {
    return new RestRoutes.Answer(404, error("Unknown Message", 10008));
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  static String error(String message, int code) {
    return "{\"message\":" + ServerPayloads.quote(message) + ",\"code\":" + code + "}";
  }
}
