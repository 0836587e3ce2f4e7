package dev.sluice.gateway.rest;

import dev.sluice.gateway.core.model.Snowflake;
import java.util.List;

/**
 * Which mentions in a message may notify (Discord's {@code allowed_mentions}). {@link #none()} is
 * the safe choice for text that echoes user input: nothing pings, not even the replied-to author.
 *
 * <pre>{@code
 * AllowedMentions.none().withRepliedUser(true)   // ping only the author of the message replied to
 * }</pre>
 *
 * @param parse any of {@code "users"}, {@code "roles"}, {@code "everyone"}; empty for none
 * @param users the users who may be pinged (null: not restricted by id)
 * @param roles the roles that may be pinged (null: not restricted by id)
 * @param repliedUser whether a reply pings the author of the message it replies to
 */
public record AllowedMentions(
    List<String> parse, List<Snowflake> users, List<Snowflake> roles, Boolean repliedUser) {

  /** Validates and copies the lists. */
  public AllowedMentions {
    parse = parse == null ? null : List.copyOf(parse);
    users = users == null ? null : List.copyOf(users);
    roles = roles == null ? null : List.copyOf(roles);
    if (parse != null) {
      for (String p : parse) {
        if (!p.equals("users") && !p.equals("roles") && !p.equals("everyone")) {
          throw new IllegalArgumentException(
              "allowed_mentions parse must be users, roles or everyone");
        }
      }
    }
  }

  /** No mention notifies anyone. */
  public static AllowedMentions none() {
    return new AllowedMentions(List.of(), null, null, false);
  }

  /** Only these users may be pinged. */
  public static AllowedMentions users(Snowflake... ids) {
    return new AllowedMentions(List.of(), List.of(ids), null, false);
  }

  /** A copy that does (or does not) ping the author of the replied-to message. */
  public AllowedMentions withRepliedUser(boolean value) {
    return new AllowedMentions(parse, users, roles, value);
  }
}
