package dev.sluice.gateway.core.command;

import dev.sluice.gateway.core.model.Snowflake;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.List;
import java.util.Objects;

/**
 * Op 43, Request Channel Info, answered by a CHANNEL_INFO dispatch.
 *
 * @param fields which ephemeral fields: {@code status}, {@code voice_start_time}
 */
public record RequestChannelInfo(Snowflake guildId, List<String> fields) implements GatewayCommand {

  /**
   * @throws IllegalArgumentException when no field is given
   */
  public RequestChannelInfo {
    Objects.requireNonNull(guildId, "guildId");
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("fields must not be empty");
    }
    fields = List.copyOf(fields);
  }

  @Override
  public Opcode opcode() {
    return Opcode.REQUEST_CHANNEL_INFO;
  }
}
