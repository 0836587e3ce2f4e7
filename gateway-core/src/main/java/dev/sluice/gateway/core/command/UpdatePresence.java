package dev.sluice.gateway.core.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.gateway.core.model.Activity;
import dev.sluice.gateway.core.protocol.Opcode;
import java.util.List;
import java.util.Set;

/**
 * Op 3, Update Presence. Discord allows 5 per 20 s.
 *
 * <pre>{@code
 * client.send(UpdatePresence.online(Activity.playing("with Reactor")));
 * }</pre>
 *
 * @param since unix ms since the client went idle; null when not idle
 * @param status online, dnd, idle, invisible or offline
 */
public record UpdatePresence(
    @JsonInclude(JsonInclude.Include.ALWAYS) Long since,
    List<Activity> activities,
    String status,
    boolean afk)
    implements GatewayCommand {

  private static final Set<String> STATUSES =
      Set.of("online", "dnd", "idle", "invisible", "offline");

  /**
   * @throws IllegalArgumentException on an unknown status
   */
  public UpdatePresence {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
    }
    activities = activities == null ? List.of() : List.copyOf(activities);
  }

  /** Online with the given activities. */
  public static UpdatePresence online(Activity... activities) {
    return new UpdatePresence(null, List.of(activities), "online", false);
  }

  @Override
  public Opcode opcode() {
    return Opcode.PRESENCE_UPDATE;
  }
}
