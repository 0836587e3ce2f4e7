package dev.sluice.gateway.core.command;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Op 8, Request Guild Members, answered by GUILD_MEMBERS_CHUNK dispatches that echo the nonce.
 * Either {@code query} (with {@code limit}) or {@code userIds} is set. "All members" requests are
 * limited to 1 per guild per 30 s; excess ones get a RATE_LIMITED dispatch.
 *
 * @param nonce at most 32 bytes, echoed in every chunk
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestGuildMembers(
    Snowflake guildId,
    String query,
    Integer limit,
    Boolean presences,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Snowflake> userIds,
    String nonce)
    implements GatewayCommand {

  private static final int MAX_NONCE_BYTES = 32;
  private static final int MAX_USER_IDS = 100;

  /**
   * @throws IllegalArgumentException unless exactly one of query and user ids is set, or when the
   *     nonce is over 32 bytes
   */
  public RequestGuildMembers {
    Objects.requireNonNull(guildId, "guildId");
    if ((query == null) == (userIds == null)) {
      throw new IllegalArgumentException("exactly one of query and user_ids must be set");
    }
    if (query != null && limit == null) {
      throw new IllegalArgumentException("limit is required with query");
    }
    if (userIds != null) {
      if (userIds.isEmpty() || userIds.size() > MAX_USER_IDS) {
        throw new IllegalArgumentException("user_ids must hold 1 to 100 ids");
      }
      userIds = List.copyOf(userIds);
    }
    if (nonce != null && nonce.getBytes(StandardCharsets.UTF_8).length > MAX_NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be at most 32 bytes");
    }
  }

  /** Every member of the guild (needs the GUILD_MEMBERS intent). */
  public static RequestGuildMembers all(Snowflake guildId) {
    return new RequestGuildMembers(guildId, "", 0, null, null, null);
  }

  /** Members whose username starts with {@code prefix}, at most {@code limit} (≤ 100). */
  public static RequestGuildMembers byPrefix(Snowflake guildId, String prefix, int limit) {
    return new RequestGuildMembers(guildId, prefix, limit, null, null, null);
  }

  /** The given members. */
  public static RequestGuildMembers byIds(Snowflake guildId, List<Snowflake> userIds) {
    return new RequestGuildMembers(guildId, null, null, null, userIds, null);
  }

  /** This request with a nonce. */
  public RequestGuildMembers withNonce(String newNonce) {
    return new RequestGuildMembers(guildId, query, limit, presences, userIds, newNonce);
  }

  /** This request with presences included (needs GUILD_PRESENCES). */
  public RequestGuildMembers withPresences(boolean include) {
    return new RequestGuildMembers(guildId, query, limit, include, userIds, nonce);
  }

  @Override
  public Opcode opcode() {
    return Opcode.REQUEST_GUILD_MEMBERS;
  }
}
