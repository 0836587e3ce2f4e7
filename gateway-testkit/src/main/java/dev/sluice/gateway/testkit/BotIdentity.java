package dev.sluice.gateway.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bot user the fake gateway pretends to be. Like Discord, the id is the first segment of the
 * token (base64 of the numeric id) when it decodes to one; clients such as Discord4J read it from
 * there.
 */
record BotIdentity(String id, String username) {

  private static final String DEFAULT_ID = "1000000000000000001";

  static BotIdentity fromToken(String token) {
    String id = DEFAULT_ID;
    if (token != null && token.contains(".")) {
      try {
        String first = token.substring(0, token.indexOf('.'));
        String decoded = new String(Base64.getDecoder().decode(first), StandardCharsets.US_ASCII);
        if (decoded.matches("\\d{1,20}")) {
          id = decoded;
        }
      } catch (IllegalArgumentException e) {
        // not base64: keep the default id
      }
    }
    return new BotIdentity(id, "SluiceTestBot");
  }

  /** Whether {@code presented} is acceptable: equal to {@code expected}, or any non-empty token. */
  boolean accepts(String expected, String presented) {
    if (presented == null) {
      return false;
    }
    String raw = presented.startsWith("Bot ") ? presented.substring(4) : presented;
    return expected == null ? !raw.isBlank() : expected.equals(raw);
  }

  String userJson() {
    return "{\"id\":\""
        + id
        + "\",\"username\":\""
        + username
        + "\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null,\"bot\":true}";
  }
}
