package dev.sluice.modulecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles a consumer module (a directory holding {@code module-info.java} and its sources) with
 * the JDK's compiler, against a {@link ModulePath}, the way a user's build would.
 *
 * <p>Stateless; thread-safe (each call has its own file manager).
 *
 * <pre>{@code
 * ConsumerCompiler.compile(Path.of("src/test/modulepath/api"), out, path).assertSucceeded();
 * }</pre>
 */
public final class ConsumerCompiler {

  /** The release consumers are compiled for: the project's own. */
  public static final String RELEASE = "17";

  private ConsumerCompiler() {}

  /**
   * Compiles every {@code .java} file under {@code sources} into {@code output} (emptied first).
   *
   * @throws AssertionError when this JVM has no compiler (a JRE, not a JDK)
   */
  public static Compilation compile(Path sources, Path output, ModulePath path) {
    return compile(
        sources,
        output,
        path.entries(),
        "-Xlint:all,-requires-automatic,-requires-transitive-automatic");
  }

  /** Compiles {@code sources} against exactly {@code modulePath}, with one lint option. */
  static Compilation compile(Path sources, Path output, List<Path> modulePath, String lint) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError(
          "no Java compiler in "
              + System.getProperty("java.home")
              + ": run the build on a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless and"
              + " point JAVA_HOME at it), not a JRE");
    }
    List<Path> files = javaFiles(sources);
    recreate(output);
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    List<String> options =
        List.of(
            "--release",
            RELEASE,
            "--module-path",
            ModulePath.join(modulePath),
            "-d",
            output.toString(),
            lint,
            "-proc:none",
            "-implicit:none");
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(collector, Locale.ROOT, StandardCharsets.UTF_8)) {
      // Nothing from this JVM's class path: javac would otherwise default to it, and the module
      // under test would be visible from the unnamed module.
      fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
      boolean ok = javac.getTask(null, fileManager, collector, options, null, units).call();
      List<String> diagnostics =
          collector.getDiagnostics().stream()
              .map(ConsumerCompiler::describe)
              .collect(Collectors.toList());
      return new Compilation(ok, output, diagnostics);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d) {
    String where =
        d.getSource() == null ? "" : " (" + d.getSource().getName() + ":" + d.getLineNumber() + ")";
    return d.getCode() + ": " + d.getMessage(Locale.ROOT) + where;
  }

  private static List<Path> javaFiles(Path sources) {
    try (Stream<Path> walk = Files.walk(sources)) {
      List<Path> files =
          walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
      if (files.stream().noneMatch(p -> p.getFileName().toString().equals("module-info.java"))) {
        throw new AssertionError(sources + " holds no module-info.java");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(sources + " cannot be read", e);
    }
  }

  static void recreate(Path directory) {
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> walk = Files.walk(directory)) {
          for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(directory + " cannot be recreated", e);
    }
  }
}
