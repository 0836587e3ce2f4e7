package dev.sluice.gateway.core.command;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.List;

/** Op 31, Request Soundboard Sounds, answered by one SOUNDBOARD_SOUNDS dispatch per guild. */
public record RequestSoundboardSounds(List<Snowflake> guildIds) implements GatewayCommand {

  /**
   * @throws IllegalArgumentException when no guild is given
   */
  public RequestSoundboardSounds {
    if (guildIds == null || guildIds.isEmpty()) {
      throw new IllegalArgumentException("guild_ids must not be empty");
    }
    guildIds = List.copyOf(guildIds);
  }

  @Override
  public Opcode opcode() {
    return Opcode.REQUEST_SOUNDBOARD_SOUNDS;
  }
}
