package dev.sluice.gateway.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' child processes: a {@code main} class in a JVM of its own (this JVM's binary and class
 * path), and a daemon thread that follows a child's output line by line (a JVM's or
 * redis-server's). Called from the test thread; the line handlers run on the follower thread.
 */
final class ChildProcess {

  /** The options of a small node or worker JVM: a small heap, C1 only (it starts fast). */
  static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1");

  private ChildProcess() {}

  /**
   * Starts {@code java <options> -cp <this class path> <main> <args>}, its stderr merged into its
   * stdout.
   */
  static Process java(List<String> options, Class<?> main, List<String> args) throws IOException {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Starts daemon thread {@code name} that hands each line of the child's output to {@code line}
   * until the output ends (the child exited, or the stream failed: the failure is dropped).
   */
  static void follow(Process process, String name, Consumer<String> line) {
    follow(process, name, line, e -> {});
  }

  /**
   * Like {@link #follow(Process, String, Consumer)}, then calls {@code ended} once on that thread:
   * with the {@link IOException} that ended the reading, or {@code null} at the end of the output.
   */
  static void follow(
      Process process, String name, Consumer<String> line, Consumer<IOException> ended) {
    Thread reader = new Thread(() -> read(process, line, ended), name);
    reader.setDaemon(true);
    reader.start();
  }

  private static void read(Process process, Consumer<String> line, Consumer<IOException> ended) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String next;
      while ((next = lines.readLine()) != null) {
        line.accept(next);
      }
    } catch (IOException e) {
      ended.accept(e);
      return;
    }
    ended.accept(null);
  }
}
