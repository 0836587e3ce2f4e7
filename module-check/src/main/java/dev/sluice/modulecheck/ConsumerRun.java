package dev.sluice.modulecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a compiled consumer module in a child JVM on a {@link ModulePath}: {@code java --module-path
 * <path>:<consumer classes> -m <module>/<main class> <args>}, with this build's Netty leak
 * detection. The child's output goes to a log file next to its classes. A child still running at
 * the timeout is killed (with its descendants) and reported.
 *
 * <p>Stateless; thread-safe.
 *
 * <pre>{@code
 * ConsumerRun.Result result =
 *     ConsumerRun.run(path, compilation.output(), "consumer/consumer.Main", Duration.ofSeconds(60));
 * result.assertExitedNormally();
 * }</pre>
 */
public final class ConsumerRun {

  private ConsumerRun() {}

  /**
   * The outcome of one run.
   *
   * @param exitCode the child's exit code
   * @param output what it wrote to stdout and stderr
   */
  public record Result(int exitCode, String output) {

    /**
     * Asserts exit code 0.
     *
     * @return this
     * @throws AssertionError with the child's output otherwise
     */
    public Result assertExitedNormally() {
      if (exitCode != 0) {
        throw new AssertionError("the consumer exited with " + exitCode + ":\n" + output);
      }
      return this;
    }

    /**
     * Asserts that the output holds a line equal to {@code line}.
     *
     * @return this
     * @throws AssertionError with the child's output otherwise
     */
    public Result assertPrinted(String line) {
      if (output.lines().noneMatch(line::equals)) {
        throw new AssertionError("the consumer did not print \"" + line + "\":\n" + output);
      }
      return this;
    }
  }

  /**
   * Runs {@code mainModuleAndClass} (e.g. {@code consumer/consumer.Main}) and waits for it.
   *
   * @throws AssertionError when it does not end within {@code timeout} (it is killed first)
   */
  public static Result run(
      ModulePath path,
      Path consumerClasses,
      String mainModuleAndClass,
      Duration timeout,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dio.netty.leakDetection.level=paranoid");
    command.add("--module-path");
    command.add(ModulePath.join(path.entriesWith(consumerClasses)));
    command.add("-m");
    command.add(mainModuleAndClass);
    command.addAll(List.of(args));
    Path log = consumerClasses.resolveSibling(consumerClasses.getFileName() + ".log");
    Path script = consumerClasses.resolveSibling(consumerClasses.getFileName() + ".cmd");
    try {
      // The command, to rerun the child by hand: sh target/modulepath-it/<name>.cmd
      Files.writeString(script, shellLine(command));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(
              "the consumer did not end within " + timeout + ":\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        kill(process);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the consumer", e);
    }
  }

  private static String shellLine(List<String> command) {
    StringBuilder line = new StringBuilder();
    for (String word : command) {
      line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''"));
      line.append('\'');
    }
    return line.append('\n').toString();
  }

  private static void kill(Process process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
