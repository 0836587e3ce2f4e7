package dev.sluice.gateway.core.model;

import tools.jackson.databind.JsonNode;

/**
 * An interaction (slash command, component, modal, autocomplete). {@code data} is kept as a JSON
 * tree: its shape depends on {@code type}.
 *
 * @param type 1 ping, 2 application command, 3 component, 4 autocomplete, 5 modal submit
 * @param member the invoking member, in guilds
 * @param user the invoking user, in DMs
 */
public record Interaction(
    Snowflake id,
    Snowflake applicationId,
    int type,
    JsonNode data,
    Snowflake guildId,
    Snowflake channelId,
    Member member,
    User user,
    String token,
    Integer version,
    String locale,
    String guildLocale,
    String appPermissions) {

  /** The user who triggered the interaction, in a guild or a DM; null for partial interactions. */
  public User invoker() {
    return member != null && member.user() != null ? member.user() : user;
  }

  /** Redacts the interaction token, a short-lived credential. */
  @Override
  public String toString() {
    return "Interaction[id=" + id + ", type=" + type + ", guildId=" + guildId + "]";
  }
}
