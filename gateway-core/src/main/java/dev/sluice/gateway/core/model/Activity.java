package dev.sluice.gateway.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A presence activity. Bots may only set {@code name}, {@code type}, {@code url} and {@code state}.
 *
 * @param type 0 playing, 1 streaming, 2 listening, 3 watching, 4 custom, 5 competing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activity(String name, int type, String url, String state) {

  /** A custom status (type 4) with this text. */
  public static Activity custom(String text) {
    return new Activity("Custom Status", 4, null, text);
  }

  /** "Playing {@code name}" (type 0). */
  public static Activity playing(String name) {
    return new Activity(name, 0, null, null);
  }
}
