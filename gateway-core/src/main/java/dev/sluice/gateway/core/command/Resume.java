package dev.sluice.gateway.core.command;

import dev.sluice.gateway.core.BotToken;
import java.util.Objects;

/**
 * Op 6, Resume: continues a session. Sent only by the session state machine.
 *
 * @param seq the last sequence number received
 */
public record Resume(BotToken token, String sessionId, long seq) {

  public Resume {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(sessionId, "sessionId");
  }
}
