package dev.sluice.modulecheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The compiler's own check that a module's API names only types its users can read: the module's
 * sources are compiled again with {@code -Xlint:exports} against its dependencies, and every {@code
 * leaks.not.accessible} warning fails the check. javac warns when a public signature names a type
 * of a module the library does not {@code requires transitive} ("not indirectly exported") or of a
 * package it does not export. A deliberate exception is marked at its site with {@code
 * SuppressWarnings("exports")}.
 *
 * <p>This catches what a consumer compile cannot: as long as one automatic module (Reactor) is
 * required transitively, a consumer reads every automatic module and compiles either way.
 *
 * <p>Stateless; thread-safe.
 *
 * <pre>{@code
 * ExportLint.check(Path.of("src/main/java"), Path.of("target/modulepath-it/lint"), path);
 * }</pre>
 */
public final class ExportLint {

  /** The prefix of the javac diagnostic codes this check fails on. */
  public static final String LEAK = "compiler.warn.leaks.not.accessible";

  private ExportLint() {}

  /**
   * Compiles {@code moduleSources} (the module's {@code src/main/java}) against {@code path}
   * without the module's own jar, and asserts no API leak.
   *
   * @throws AssertionError listing the leaks, or the errors when the sources do not compile
   */
  public static void check(Path moduleSources, Path output, ModulePath path) {
    check(moduleSources, output, path, Set.of());
  }

  /**
   * As {@link #check(Path, Path, ModulePath)}, but leaks of the named types (fully qualified) are
   * accepted: a reviewed, temporary list. A named type that no longer leaks fails the check too, so
   * the list cannot go stale.
   *
   * @throws AssertionError listing the leaks not accepted and the accepted types that no longer
   *     leak
   */
  public static void check(
      Path moduleSources, Path output, ModulePath path, Set<String> acceptedLeakTypes) {
    List<Path> dependencies = path.entries();
    dependencies.remove(path.jar());
    List<String> leaks =
        ConsumerCompiler.compile(moduleSources, output, dependencies, "-Xlint:exports")
            .assertSucceeded()
            .diagnostics()
            .stream()
            .filter(d -> d.startsWith(LEAK))
            .collect(Collectors.toList());
    List<String> problems = new ArrayList<>();
    for (String leak : leaks) {
      if (acceptedLeakTypes.stream().noneMatch(type -> leak.contains(" " + type + " "))) {
        problems.add(leak);
      }
    }
    for (String type : acceptedLeakTypes) {
      if (leaks.stream().noneMatch(leak -> leak.contains(" " + type + " "))) {
        problems.add(type + " is accepted as a leak but no longer leaks: remove it from the list");
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "module "
              + path.descriptor().name()
              + " names types its users cannot read (add `requires transitive`, export the"
              + " package, or stop naming the type):\n  "
              + String.join("\n  ", problems));
    }
  }
}
