package dev.sluice.gateway.core.command;

import dev.sluice.gateway.core.protocol.Opcode;

/**
 * A command a user may send over the gateway. The set is closed: Identify, Resume and Heartbeat are
 * not commands; only the session state machine sends them.
 */
public sealed interface GatewayCommand
    permits UpdatePresence,
        UpdateVoiceState,
        RequestGuildMembers,
        RequestSoundboardSounds,
        RequestChannelInfo {

  /** The opcode this command is sent with. */
  Opcode opcode();
}
