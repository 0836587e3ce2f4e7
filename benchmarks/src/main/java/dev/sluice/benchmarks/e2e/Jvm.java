package dev.sluice.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JVM this benchmark runs on, used for every child process too. */
final class Jvm {

  private Jvm() {}

  /** The {@code java} launcher of the running JVM. */
  static List<String> java() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return List.of(Files.isExecutable(java) ? java.toString() : "java");
  }

  /**
   * Runs {@code mainClass} in a child JVM on this JVM's class path with {@code flags}, its stderr
   * going to {@code log}, and returns the match of {@code result} at the start of the last line of
   * stdout it matches; fails with everything the child printed when there is none.
   */
  static Matcher run(
      List<String> flags, Class<?> mainClass, List<String> args, Path log, Pattern result) {
    List<String> command = new ArrayList<>(java());
    command.addAll(flags);
    // Diagnostics only (a profiler, -Dbench.threads=true): never part of a reported run.
    String extra = System.getProperty("bench.clientFlags", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectError(log.toFile())
              .redirectInput(Path.of("/dev/null").toFile())
              .start();
      Matcher found = null;
      List<String> out = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          out.add(line);
          Matcher m = result.matcher(line);
          if (m.lookingAt()) {
            found = m;
          }
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      if (found == null) {
        throw new IllegalStateException(
            mainClass.getSimpleName() + " " + args + " failed: " + out + "; stderr in " + log);
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
