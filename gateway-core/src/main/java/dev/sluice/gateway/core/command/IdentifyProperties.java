package dev.sluice.gateway.core.command;

/** Identify's {@code properties}: the OS and the library name. */
public record IdentifyProperties(String os, String browser, String device) {

  /** This JVM's OS and "sluice" as browser and device. */
  public static IdentifyProperties sluice() {
    return new IdentifyProperties(
        System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT),
        "sluice",
        "sluice");
  }
}
