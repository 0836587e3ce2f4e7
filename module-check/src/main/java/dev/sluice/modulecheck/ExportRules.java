package dev.sluice.modulecheck;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The export rules every Sluice library module obeys, checked on the descriptor of its built jar:
 *
 * <ul>
 *   <li>the module is not {@code open}, and every {@code opens} is qualified;
 *   <li>every exported package whose name contains {@code .internal} is exported only {@code to}
 *       named modules, all of them Sluice modules ({@code dev.sluice.*});
 *   <li>the packages exported to everyone are exactly the reviewed list the test names, so adding
 *       (or dropping) a public package is a deliberate change of that list.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 *
 * <pre>{@code
 * ExportRules.check(ModulePath.builtJar("dev.sluice.gateway.core").descriptor(),
 *     Set.of("dev.sluice.gateway.core", "dev.sluice.gateway.core.event"));
 * }</pre>
 */
public final class ExportRules {

  /** The prefix every module allowed to see an internal package has. */
  public static final String SLUICE_MODULE_PREFIX = "dev.sluice.";

  private ExportRules() {}

  /**
   * Checks the rules above.
   *
   * @param descriptor the descriptor read from the built jar
   * @param reviewedUnqualified every package the module may export to everyone
   * @throws AssertionError listing every violation
   */
  public static void check(ModuleDescriptor descriptor, Set<String> reviewedUnqualified) {
    List<String> problems = violations(descriptor, reviewedUnqualified);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "module "
              + descriptor.name()
              + " breaks the export rules:\n  - "
              + String.join("\n  - ", problems));
    }
  }

  /** The violations of the rules above, one sentence each; empty when there are none. */
  public static List<String> violations(
      ModuleDescriptor descriptor, Set<String> reviewedUnqualified) {
    List<String> problems = new ArrayList<>();
    if (descriptor.isOpen() || descriptor.isAutomatic()) {
      problems.add("it must be an explicit, non-open module (has it lost its module-info.class?)");
    }
    Set<String> unqualified = new TreeSet<>();
    for (ModuleDescriptor.Exports export : descriptor.exports()) {
      if (export.isQualified()) {
        checkTargets(export, problems);
      } else {
        unqualified.add(export.source());
        if (isInternal(export.source())) {
          problems.add(
              "internal package "
                  + export.source()
                  + " is exported to everyone; export it `to` the Sluice modules that use it");
        }
      }
    }
    for (ModuleDescriptor.Opens opens : descriptor.opens()) {
      if (!opens.isQualified()) {
        problems.add(
            "package "
                + opens.source()
                + " is opened to everyone; open it `to` the module that reflects on it");
      }
    }
    compareWithReviewed(unqualified, reviewedUnqualified, problems);
    return problems;
  }

  private static void checkTargets(ModuleDescriptor.Exports export, List<String> problems) {
    for (String target : export.targets()) {
      if (!target.startsWith(SLUICE_MODULE_PREFIX)) {
        problems.add(
            "package "
                + export.source()
                + " is exported to "
                + target
                + ", which is not a Sluice module");
      }
    }
  }

  private static void compareWithReviewed(
      Set<String> unqualified, Set<String> reviewed, List<String> problems) {
    Set<String> added = new TreeSet<>(unqualified);
    added.removeAll(reviewed);
    Set<String> dropped = new TreeSet<>(reviewed);
    dropped.removeAll(unqualified);
    if (!added.isEmpty()) {
      problems.add(
          "exported to everyone but not in the reviewed list: "
              + added
              + " (a new public package is API: add it to the test's list deliberately)");
    }
    if (!dropped.isEmpty()) {
      problems.add("in the reviewed list but no longer exported to everyone: " + dropped);
    }
  }

  /** Whether a package is internal: its name contains {@code .internal}. */
  public static boolean isInternal(String pkg) {
    return pkg.contains(".internal");
  }
}
