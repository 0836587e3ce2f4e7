package dev.sluice.gateway.rest;

/**
 * The body of a new message (a channel message, a reply, an interaction response or a follow-up).
 * Only text is supported: {@code content} of 1 to 2000 characters. {@link RestClient} adds the
 * {@code nonce} and {@code enforce_nonce} itself.
 *
 * <pre>{@code
 * NewMessage.of("pong").withAllowedMentions(AllowedMentions.none())
 * }</pre>
 *
 * @param content the text, 1 to 2000 characters
 * @param allowedMentions which mentions notify; null for Discord's default (all parsed)
 * @param messageReference the message this replies to, or null
 * @param flags message flags (e.g. {@link #EPHEMERAL} for interaction responses), or null
 * @param tts whether the message is read aloud
 */
public record NewMessage(
    String content,
    AllowedMentions allowedMentions,
    MessageReference messageReference,
    Integer flags,
    Boolean tts) {

  /** Discord's limit on {@code content}. */
  public static final int MAX_CONTENT = 2000;

  /** The flag that makes an interaction response visible only to its invoker. */
  public static final int EPHEMERAL = 1 << 6;

  /** Validates. */
  public NewMessage {
    checkContent(content);
  }

  /** A plain text message. */
  public static NewMessage of(String content) {
    return new NewMessage(content, null, null, null, null);
  }

  /** A copy with these allowed mentions. */
  public NewMessage withAllowedMentions(AllowedMentions value) {
    return new NewMessage(content, value, messageReference, flags, tts);
  }

  /** A copy replying to this message. */
  public NewMessage withReference(MessageReference value) {
    return new NewMessage(content, allowedMentions, value, flags, tts);
  }

  /** A copy with these flags. */
  public NewMessage withFlags(int value) {
    return new NewMessage(content, allowedMentions, messageReference, value, tts);
  }

  static void checkContent(String content) {
    if (content == null || content.isEmpty()) {
      throw new IllegalArgumentException("content must not be empty");
    }
    if (content.length() > MAX_CONTENT) {
      throw new IllegalArgumentException("content must be at most 2000 characters");
    }
  }
}
