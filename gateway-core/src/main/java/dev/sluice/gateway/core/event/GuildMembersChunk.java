package dev.sluice.gateway.core.event;

import dev.sluice.gateway.core.model.Member;
import dev.sluice.gateway.core.model.Presence;
import dev.sluice.gateway.core.model.Snowflake;
import java.util.List;

/**
 * GUILD_MEMBERS_CHUNK: one reply chunk to Request Guild Members. The request is done when {@code
 * chunkCount} chunks with its nonce have arrived.
 *
 * @param notFound ids asked for that are not members (Discord may send them as numbers)
 */
public record GuildMembersChunk(
    @InjectedMeta EventMeta meta,
    Snowflake guildId,
    List<Member> members,
    int chunkIndex,
    int chunkCount,
    List<Snowflake> notFound,
    List<Presence> presences,
    String nonce)
    implements GatewayEvent {}
