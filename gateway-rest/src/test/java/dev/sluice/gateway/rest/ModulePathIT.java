package dev.sluice.gateway.rest;

import dev.sluice.modulecheck.ConsumerCompiler;
import dev.sluice.modulecheck.ConsumerRun;
import dev.sluice.modulecheck.ExportLint;
import dev.sluice.modulecheck.ExportRules;
import dev.sluice.modulecheck.ModulePath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built gateway-rest jar on the module path: it exports only its API package, names only types
 * its users can read, keeps core's codec invisible to a consumer, and a consumer module creates a
 * message against the testkit's fake (Jackson binding into core's model through the module's {@code
 * opens}) and gets a typed error, in a child JVM.
 */
class ModulePathIT {

  static final Set<String> PUBLIC_PACKAGES = Set.of("dev.sluice.gateway.rest");
  static final Path SOURCES = Path.of("src/test/modulepath");
  static final Path OUT = Path.of("target/modulepath-it");

  final ModulePath path = ModulePath.of("dev.sluice.gateway.rest");

  @Test
  void exportsOnlyTheReviewedPackages() {
    ExportRules.check(path.descriptor(), PUBLIC_PACKAGES);
  }

  @Test
  void itsApiNamesOnlyTypesItsUsersCanRead() {
    ExportLint.check(Path.of("src/main/java"), OUT.resolve("lint"), path);
  }

  @Test
  void aConsumerCannotReachCoreInternalsThroughRest() {
    ConsumerCompiler.compile(SOURCES.resolve("internal"), OUT.resolve("internal"), path)
        .assertFailedWith(
            "compiler.err.package.not.visible",
            "dev.sluice.gateway.core.internal.codec is declared in module"
                + " dev.sluice.gateway.core, which does not export it to module consumer");
  }

  @Test
  void aConsumerModuleCreatesAMessageAgainstTheFake() {
    Path classes =
        ConsumerCompiler.compile(SOURCES.resolve("api"), OUT.resolve("api"), path)
            .assertSucceeded()
            .output();
    ConsumerRun.run(path, classes, "consumer/consumer.Main", Duration.ofSeconds(90))
        .assertExitedNormally()
        .assertPrinted("created hi")
        .assertPrinted("refused NOT_FOUND");
  }
}
