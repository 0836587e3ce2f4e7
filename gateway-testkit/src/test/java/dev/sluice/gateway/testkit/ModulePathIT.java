package dev.sluice.gateway.testkit;

import dev.sluice.modulecheck.ConsumerCompiler;
import dev.sluice.modulecheck.ConsumerRun;
import dev.sluice.modulecheck.ExportLint;
import dev.sluice.modulecheck.ExportRules;
import dev.sluice.modulecheck.InternalUse;
import dev.sluice.modulecheck.ModulePath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built gateway-testkit jar on the module path: it exports only its API package; core's
 * internals, exported to the testkit, stay invisible to its users; and a consumer module starts
 * FakeGateway in a child JVM and drives it over REST and WebSocket with the JDK's own clients,
 * which proves that the testkit's requires (and core's qualified exports to it) are complete.
 */
class ModulePathIT {

  static final String MODULE = "dev.sluice.gateway.testkit";

  /** The packages gateway-testkit exports to everyone. Adding one is adding API: review it. */
  static final Set<String> PUBLIC_PACKAGES = Set.of("dev.sluice.gateway.testkit");

  /**
   * Types the testkit's API names although its users may not read them, reviewed: JUnit's callback
   * types, named by FakeGatewayExtension. Only JUnit users use it, and they require JUnit
   * themselves ({@code requires static transitive} would instead make every consumer's compile need
   * JUnit). The check fails when a listed type stops leaking, so the list cannot go stale.
   */
  static final Set<String> ACCEPTED_LEAKS =
      Set.of(
          "org.junit.jupiter.api.extension.BeforeEachCallback",
          "org.junit.jupiter.api.extension.AfterEachCallback",
          "org.junit.jupiter.api.extension.ExtensionContext");

  static final Path SOURCES = Path.of("src/test/modulepath");
  static final Path OUT = Path.of("target/modulepath-it");

  final ModulePath path = ModulePath.of(MODULE, withJUnitApi());

  /**
   * FakeGatewayExtension needs JUnit's API to compile, VirtualClock reactor-test's virtual
   * scheduler, OutboundCompressor zstd-jni (all three {@code requires static}).
   */
  static List<String> withJUnitApi() {
    List<String> prefixes = new ArrayList<>(ModulePath.RUNTIME_PREFIXES);
    prefixes.addAll(
        List.of(
            "org.junit.jupiter.api",
            "org.junit.platform.commons",
            "org.opentest4j",
            "org.apiguardian",
            "reactor.test",
            "com.github.luben.zstd_jni"));
    return prefixes;
  }

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
    ExportLint.check(Path.of("src/main/java"), OUT.resolve("lint"), path, ACCEPTED_LEAKS);
  }

  @Test
  void aConsumerCannotReachCoreInternalsThroughTheTestkit() {
    ConsumerCompiler.compile(SOURCES.resolve("internal"), OUT.resolve("internal"), path)
        .assertFailedWith(
            "compiler.err.package.not.visible",
            "dev.sluice.gateway.core.internal is declared in module dev.sluice.gateway.core,"
                + " which does not export it to module consumer");
  }

  @Test
  void aConsumerModuleDrivesTheFakeGatewayWithTheJdkClients() {
    Path classes =
        ConsumerCompiler.compile(SOURCES.resolve("api"), OUT.resolve("api"), path)
            .assertSucceeded()
            .output();
    ConsumerRun.run(path, classes, "consumer/consumer.Main", Duration.ofSeconds(90))
        .assertExitedNormally()
        .assertPrinted("rest 200 true")
        .assertPrinted("op 10")
        .assertPrinted("dispatch READY");
  }
}
