package dev.sluice.gateway.core.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.Objects;

/**
 * Op 4, Update Voice State: join, move or (with a null channel) leave voice in a guild.
 *
 * @param channelId the voice channel to join; null to disconnect
 */
public record UpdateVoiceState(
    Snowflake guildId,
    @JsonInclude(JsonInclude.Include.ALWAYS) Snowflake channelId,
    boolean selfMute,
    boolean selfDeaf)
    implements GatewayCommand {

  public UpdateVoiceState {
    Objects.requireNonNull(guildId, "guildId");
  }

  /** Join (or move to) a voice channel. */
  public static UpdateVoiceState join(Snowflake guildId, Snowflake channelId) {
    return new UpdateVoiceState(
        guildId, Objects.requireNonNull(channelId, "channelId"), false, false);
  }

  /** Leave voice in a guild. */
  public static UpdateVoiceState leave(Snowflake guildId) {
    return new UpdateVoiceState(guildId, null, false, false);
  }

  @Override
  public Opcode opcode() {
    return Opcode.VOICE_STATE_UPDATE;
  }
}
