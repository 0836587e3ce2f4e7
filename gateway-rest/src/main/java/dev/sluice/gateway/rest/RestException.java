package dev.sluice.gateway.rest;

import java.util.Objects;

/**
 * The one exception type of {@link RestClient}. Its {@link Kind} says what went wrong; for an HTTP
 * answer it carries the status and Discord's JSON error {@code code} and {@code message} (see <a
 * href="https://discord.com/developers/docs/topics/opcodes-and-status-codes#json">JSON error
 * codes</a>). The message names the route as a template ({@code POST
 * /channels/{channel_id}/messages}) and never contains the bot token or an interaction token.
 *
 * <pre>{@code
 * rest.createMessage(channelId, "hi")
 *     .onErrorResume(e -> RestException.is(e, RestException.Kind.FORBIDDEN), e -> Mono.empty());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** HTTP 400 (or another 4xx not listed here): Discord refused the request body or query. */
    BAD_REQUEST,
    /** HTTP 401: the token was refused. Retrying cannot help. */
    UNAUTHORIZED,
    /** HTTP 403: the bot lacks a permission (e.g. code 50013, Missing Permissions). */
    FORBIDDEN,
    /** HTTP 404: the channel, message or interaction does not exist (e.g. code 10003). */
    NOT_FOUND,
    /** HTTP 429 still answered after the configured number of rate-limit retries. */
    RATE_LIMITED,
    /** HTTP 5xx. */
    SERVER_ERROR,
    /**
     * Refused locally, before any I/O: too many 401/403/429 answers in the last 10 minutes (Discord
     * bans an IP at 10,000); see {@link RestClient.Builder#invalidRequestLimit(int)}.
     */
    INVALID_REQUEST_LIMIT,
    /** The exchange failed before a response arrived (connect, reset, premature close). */
    CONNECTION,
    /** A 2xx answer whose body could not be decoded. */
    DECODE
  }

  private final Kind kind;
  private final int status;
  private final int code;
  private final String discordMessage;
  private final String route;

  RestException(
      Kind kind, String route, int status, int code, String discordMessage, Throwable cause) {
    super(text(kind, route, status, code, discordMessage), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.route = route;
    this.status = status;
    this.code = code;
    this.discordMessage = discordMessage;
  }

  private static String text(Kind kind, String route, int status, int code, String message) {
    StringBuilder b = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
    b.append(": ").append(route);
    if (status > 0) {
      b.append(" answered ").append(status);
    }
    if (code > 0 || message != null) {
      b.append(" (code ").append(code);
      if (message != null) {
        b.append(", ").append(message);
      }
      b.append(')');
    }
    return b.toString();
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** Discord's JSON error code (e.g. 10003 Unknown Channel), or 0 when the body had none. */
  public int code() {
    return code;
  }

  /** Discord's JSON error message, or null when the body had none. */
  public String discordMessage() {
    return discordMessage;
  }

  /** The route as a template, e.g. {@code POST /channels/{channel_id}/messages}. */
  public String route() {
    return route;
  }

  /** Whether {@code t} is a REST exception of the given kind. */
  public static boolean is(Throwable t, Kind kind) {
    return t instanceof RestException r && r.kind == kind;
  }
}
