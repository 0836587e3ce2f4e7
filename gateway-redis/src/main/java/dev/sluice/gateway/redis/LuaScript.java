package dev.sluice.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script and its SHA-1 digest (what {@code EVALSHA} names it by). Immutable. */
final class LuaScript {

  private final String name;
  private final String text;
  private final String sha1;

  LuaScript(String name, String text) {
    this.name = name;
    this.text = text;
    try {
      this.sha1 =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  String name() {
    return name;
  }

  String text() {
    return text;
  }

  String sha1() {
    return sha1;
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + "]";
  }
}
