package dev.sluice.gateway.rest;

/**
 * The new state of a message the bot sent (a {@code PATCH}): its text and who it may ping.
 *
 * <pre>{@code
 * rest.editMessage(sent.channelId(), sent.id(), MessageEdit.of("edited"))
 * }</pre>
 *
 * @param content the new text, 1 to 2000 characters
 * @param allowedMentions which mentions notify; null to keep Discord's default
 */
public record MessageEdit(String content, AllowedMentions allowedMentions) {

  /** Validates. */
  public MessageEdit {
    NewMessage.checkContent(content);
  }

  /** New text. */
  public static MessageEdit of(String content) {
    return new MessageEdit(content, null);
  }
}
