package dev.sluice.modulecheck;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of compiling one consumer module.
 *
 * @param succeeded whether javac reported success
 * @param output the directory the classes were written to
 * @param diagnostics every diagnostic, as {@code CODE: message}
 */
public record Compilation(boolean succeeded, Path output, List<String> diagnostics) {

  /** Copies the diagnostics. */
  public Compilation {
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Asserts that javac succeeded.
   *
   * @return this
   * @throws AssertionError with javac's diagnostics otherwise
   */
  public Compilation assertSucceeded() {
    if (!succeeded) {
      throw new AssertionError("the consumer did not compile:\n" + report());
    }
    return this;
  }

  /**
   * Asserts that javac failed with a diagnostic of this code whose message contains {@code text}.
   *
   * @param code a javac diagnostic code, e.g. {@code compiler.err.package.not.visible}
   * @param text a part of its message
   * @throws AssertionError otherwise
   */
  public void assertFailedWith(String code, String text) {
    if (succeeded) {
      throw new AssertionError("the consumer compiled, but it must fail with " + code);
    }
    boolean found =
        diagnostics.stream().anyMatch(d -> d.startsWith(code + ":") && d.contains(text));
    if (!found) {
      throw new AssertionError(
          "expected a diagnostic " + code + " mentioning \"" + text + "\", got:\n" + report());
    }
  }

  /** The diagnostics, one per line. */
  public String report() {
    return diagnostics.stream().map(d -> "  " + d).collect(Collectors.joining("\n"));
  }
}
