package dev.sluice.gateway.rest;

/**
 * The answer to an interaction ({@code POST /interactions/{id}/{token}/callback}), due within 3
 * seconds of INTERACTION_CREATE. A deferred answer shows "thinking..." and is completed later by
 * editing the original response or sending a follow-up (valid for 15 minutes).
 *
 * <pre>{@code
 * rest.respond(interaction, InteractionResponse.message(NewMessage.of("pong")))
 * rest.respond(interaction, InteractionResponse.deferred())
 *     .then(rest.editOriginalResponse(interaction, MessageEdit.of("done")))
 * }</pre>
 *
 * @param type the callback type, e.g. {@link #CHANNEL_MESSAGE} (4) or {@link #DEFERRED_MESSAGE} (5)
 * @param data the message, for types that carry one; otherwise null
 */
public record InteractionResponse(int type, NewMessage data) {

  /** Answer with a message. */
  public static final int CHANNEL_MESSAGE = 4;

  /** Acknowledge now, answer later (the user sees a loading state). */
  public static final int DEFERRED_MESSAGE = 5;

  /** For a component interaction: acknowledge now, edit the message later. */
  public static final int DEFERRED_UPDATE = 6;

  /** For a component interaction: edit the message the component is on. */
  public static final int UPDATE_MESSAGE = 7;

  /** Validates. */
  public InteractionResponse {
    if (type < 1) {
      throw new IllegalArgumentException("interaction callback type must be positive");
    }
  }

  /** Answers with this message. */
  public static InteractionResponse message(NewMessage message) {
    return new InteractionResponse(CHANNEL_MESSAGE, message);
  }

  /** Answers with a message only the invoker sees. */
  public static InteractionResponse ephemeral(String content) {
    return message(NewMessage.of(content).withFlags(NewMessage.EPHEMERAL));
  }

  /** Acknowledges now; complete it with {@code editOriginalResponse} or a follow-up. */
  public static InteractionResponse deferred() {
    return new InteractionResponse(DEFERRED_MESSAGE, null);
  }
}
