package dev.sluice.modulecheck;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

/**
 * Internal packages are exported only {@code to} the Sluice modules that use them: every package
 * another Sluice module on the path exports to the module under test (by a qualified export) must
 * be used by the module's built jar, as {@code jdeps} sees it. An export to a module that does not
 * use the package widens the internal surface for nothing.
 *
 * <p>Stateless; thread-safe.
 *
 * <pre>{@code
 * InternalUse.check(ModulePath.of("dev.sluice.gateway.reactor"));
 * }</pre>
 */
public final class InternalUse {

  private InternalUse() {}

  /**
   * Asserts that the module under test uses every package exported to it by name.
   *
   * @throws AssertionError naming the unused exports, or when jdeps is missing or fails
   */
  public static void check(ModulePath path) {
    String module = path.descriptor().name();
    Set<String> exportedToIt = new TreeSet<>();
    for (Path entry : path.entries()) {
      ModulePath.describe(entry)
          .filter(d -> d.name().startsWith(ExportRules.SLUICE_MODULE_PREFIX))
          .ifPresent(d -> exportedToIt.addAll(qualifiedExportsTo(d, module)));
    }
    Set<String> used = packagesUsed(path);
    Set<String> unused = new TreeSet<>(exportedToIt);
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new AssertionError(
          "packages exported to "
              + module
              + " that it does not use (drop it from their `exports ... to`): "
              + unused);
    }
  }

  private static Set<String> qualifiedExportsTo(ModuleDescriptor exporter, String module) {
    Set<String> packages = new TreeSet<>();
    for (ModuleDescriptor.Exports export : exporter.exports()) {
      if (export.isQualified() && export.targets().contains(module)) {
        packages.add(export.source());
      }
    }
    return packages;
  }

  /**
   * The packages of other modules the built jar depends on, from {@code jdeps -verbose:package}.
   */
  static Set<String> packagesUsed(ModulePath path) {
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no jdeps in "
                            + System.getProperty("java.home")
                            + ": run the build on a full JDK 17+ (with the jdk.jdeps module)"));
    List<Path> dependencies = path.entries();
    dependencies.remove(path.jar());
    StringWriter out = new StringWriter();
    int status =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(out),
            "--multi-release",
            ConsumerCompiler.RELEASE,
            "--ignore-missing-deps",
            "--module-path",
            ModulePath.join(dependencies),
            "-verbose:package",
            path.jar().toString());
    if (status != 0) {
      throw new AssertionError("jdeps failed (" + status + "):\n" + out);
    }
    Set<String> used = new TreeSet<>();
    for (String line : out.toString().split("\n")) {
      // "   from.package   -> to.package   to.module", then "(qualified)" for a qualified export
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[1].equals("->")) {
        used.add(words[2]);
      }
    }
    return used;
  }
}
