package dev.sluice.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JVM this benchmark runs on, used for every child process too. */
final class Jvm {

  private Jvm() {}

  /** The {@code java} launcher of the running JVM. */
  static List<String> java() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return List.of(Files.isExecutable(java) ? java.toString() : "java");
  }

  static String describe() {
    return System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + System.getProperty("java.vendor")
        + ")";
  }

  static int processors() {
    return ManagementFactory.getOperatingSystemMXBean().getAvailableProcessors();
  }
}
