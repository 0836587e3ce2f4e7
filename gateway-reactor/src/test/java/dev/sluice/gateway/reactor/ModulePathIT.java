package dev.sluice.gateway.reactor;

import dev.sluice.modulecheck.ConsumerCompiler;
import dev.sluice.modulecheck.ConsumerRun;
import dev.sluice.modulecheck.ExportLint;
import dev.sluice.modulecheck.ExportRules;
import dev.sluice.modulecheck.InternalUse;
import dev.sluice.modulecheck.ModulePath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built gateway-reactor jar on the module path: it exports only its API package; a consumer
 * module that names Reactor Netty's HttpClient compiles against it with no {@code requires} of its
 * own for Reactor Netty (gateway-reactor requires it transitively); core's session machine,
 * exported to gateway-reactor, stays invisible to that consumer; and the consumer connects a
 * GatewayClient to the testkit's FakeGateway in a child JVM, which proves that the qualified
 * exports and requires of core, reactor and testkit are complete at run time.
 */
class ModulePathIT {

  static final String MODULE = "dev.sluice.gateway.reactor";

  /** The packages gateway-reactor exports to everyone. Adding one is adding API: review it. */
  static final Set<String> PUBLIC_PACKAGES = Set.of("dev.sluice.gateway.reactor");

  static final Path SOURCES = Path.of("src/test/modulepath");
  static final Path OUT = Path.of("target/modulepath-it");

  final ModulePath path = ModulePath.of(MODULE);

  @Test
  void exportsOnlyTheReviewedPackages() {
    ExportRules.check(path.descriptor(), PUBLIC_PACKAGES);
  }

  @Test
  void usesEveryInternalPackageExportedToIt() {
    InternalUse.check(path);
  }

  @Test
  void itsApiNamesOnlyTypesItsUsersCanRead() {
    ExportLint.check(Path.of("src/main/java"), OUT.resolve("lint"), path);
  }

  @Test
  void aConsumerCannotReachCoreInternalsThroughReactor() {
    ConsumerCompiler.compile(SOURCES.resolve("internal"), OUT.resolve("internal"), path)
        .assertFailedWith(
            "compiler.err.package.not.visible",
            "dev.sluice.gateway.core.internal.session is declared in module"
                + " dev.sluice.gateway.core, which does not export it to module consumer");
  }

  @Test
  void aConsumerModuleConnectsToTheFakeGatewayAndReachesReady() {
    Path classes =
        ConsumerCompiler.compile(SOURCES.resolve("api"), OUT.resolve("api"), path)
            .assertSucceeded()
            .output();
    ConsumerRun.run(path, classes, "consumer/consumer.Main", Duration.ofSeconds(90))
        .assertExitedNormally()
        .assertPrinted("state Ready")
        .assertPrinted("message over the module path")
        .assertPrinted("state Closed");
  }
}
