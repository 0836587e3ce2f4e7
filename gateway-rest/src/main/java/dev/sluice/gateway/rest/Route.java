package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.model.Snowflake;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One REST call's route: the method, the path template (what errors and logs show), the real path
 * (which may hold an interaction token, so it is never printed) and the major parameter that
 * separates rate-limit buckets (the channel, the webhook id with its token, the interaction). Built
 * by {@link RestClient} on the caller's thread; immutable.
 *
 * @param retrySafe whether a request that failed before any response may be sent again: a create
 *     carries a nonce Discord enforces, an edit is idempotent
 * @param globalLimited whether the bot's global limit applies (Discord exempts interaction
 *     endpoints)
 */
record Route(
    String method,
    String template,
    String path,
    String major,
    boolean retrySafe,
    boolean globalLimited) {

  static Route createMessage(Snowflake channel) {
    return new Route(
        "POST",
        "/channels/{channel_id}/messages",
        "/channels/" + id(channel, "channel id") + "/messages",
        "c" + channel.asString(),
        true,
        true);
  }

  static Route editMessage(Snowflake channel, Snowflake message) {
    return new Route(
        "PATCH",
        "/channels/{channel_id}/messages/{message_id}",
        "/channels/" + id(channel, "channel id") + "/messages/" + id(message, "message id"),
        "c" + channel.asString(),
        true,
        true);
  }

  static Route deleteMessage(Snowflake channel, Snowflake message) {
    return new Route(
        "DELETE",
        "/channels/{channel_id}/messages/{message_id}",
        "/channels/" + id(channel, "channel id") + "/messages/" + id(message, "message id"),
        "c" + channel.asString(),
        false,
        true);
  }

  static Route interactionCallback(Snowflake interaction, String token) {
    return new Route(
        "POST",
        "/interactions/{interaction_id}/{interaction_token}/callback",
        "/interactions/" + id(interaction, "interaction id") + "/" + encode(token) + "/callback",
        "i" + interaction.asString(),
        false,
        false);
  }

  static Route createFollowup(Snowflake application, String token) {
    return new Route(
        "POST",
        "/webhooks/{application_id}/{interaction_token}",
        "/webhooks/" + id(application, "application id") + "/" + encode(token),
        "w" + application.asString() + "/" + token,
        false,
        false);
  }

  static Route editFollowup(Snowflake application, String token, String message) {
    return new Route(
        "PATCH",
        "/webhooks/{application_id}/{interaction_token}/messages/{message_id}",
        "/webhooks/"
            + id(application, "application id")
            + "/"
            + encode(token)
            + "/messages/"
            + message,
        "w" + application.asString() + "/" + token,
        true,
        false);
  }

  static Route deleteFollowup(Snowflake application, String token, String message) {
    return new Route(
        "DELETE",
        "/webhooks/{application_id}/{interaction_token}/messages/{message_id}",
        "/webhooks/"
            + id(application, "application id")
            + "/"
            + encode(token)
            + "/messages/"
            + message,
        "w" + application.asString() + "/" + token,
        false,
        false);
  }

  /** The key of the rate-limit lane before Discord named this route's bucket. */
  String routeKey() {
    return method + ' ' + template + ' ' + major;
  }

  /** Method and template, safe to print: e.g. {@code POST /channels/{channel_id}/messages}. */
  String describe() {
    return method + ' ' + template;
  }

  @Override
  public String toString() {
    return describe();
  }

  private static String id(Snowflake id, String what) {
    if (id == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return id.asString();
  }

  private static String encode(String segment) {
    if (segment == null || segment.isBlank()) {
      throw new IllegalArgumentException("interaction token must not be blank");
    }
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
