package dev.sluice.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.modulecheck.ConsumerCompiler;
import dev.sluice.modulecheck.ConsumerRun;
import dev.sluice.modulecheck.ExportLint;
import dev.sluice.modulecheck.ExportRules;
import dev.sluice.modulecheck.ModulePath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built gateway-core jar on the module path: it exports the reviewed API packages to everyone
 * and its internal packages only to Sluice modules; a consumer module compiles against the API,
 * cannot import the codec, and runs (Jackson binds the event records through the {@code opens}).
 */
class ModulePathIT {

  static final String MODULE = "dev.sluice.gateway.core";

  /** The packages gateway-core exports to everyone. Adding one is adding API: review it. */
  static final Set<String> PUBLIC_PACKAGES =
      Set.of(
          "dev.sluice.gateway.core",
          "dev.sluice.gateway.core.command",
          "dev.sluice.gateway.core.event",
          "dev.sluice.gateway.core.model",
          "dev.sluice.gateway.core.protocol");

  static final Path SOURCES = Path.of("src/test/modulepath");
  static final Path OUT = Path.of("target/modulepath-it");

  /** Without zstd-jni: consumers compile and run without it (it is {@code requires static}). */
  final ModulePath path = ModulePath.of(MODULE);

  /** gateway-core's own sources name zstd-jni (ZstdStreamDecompressor): linting them needs it. */
  static List<String> withZstdJni() {
    List<String> prefixes = new ArrayList<>(ModulePath.RUNTIME_PREFIXES);
    prefixes.add("com.github.luben.zstd_jni");
    return prefixes;
  }

  @Test
  void exportsOnlyTheReviewedPackagesAndInternalsOnlyToSluice() {
    ExportRules.check(path.descriptor(), PUBLIC_PACKAGES);
    assertThat(path.descriptor().exports())
        .filteredOn(e -> ExportRules.isInternal(e.source()))
        .isNotEmpty()
        .allMatch(e -> e.isQualified());
  }

  @Test
  void itsApiNamesOnlyTypesItsUsersCanRead() {
    ExportLint.check(
        Path.of("src/main/java"), OUT.resolve("lint"), ModulePath.of(MODULE, withZstdJni()));
  }

  @Test
  void aConsumerCannotImportTheInternalCodec() {
    ConsumerCompiler.compile(SOURCES.resolve("internal"), OUT.resolve("internal"), path)
        .assertFailedWith(
            "compiler.err.package.not.visible",
            "dev.sluice.gateway.core.internal.codec is declared in module dev.sluice.gateway.core,"
                + " which does not export it to module consumer");
  }

  @Test
  void aConsumerModuleTypesADispatchThroughThePublicApi() {
    Path classes =
        ConsumerCompiler.compile(SOURCES.resolve("api"), OUT.resolve("api"), path)
            .assertSucceeded()
            .output();
    ConsumerRun.Result result =
        ConsumerRun.run(
                path,
                classes,
                "consumer/consumer.Main",
                Duration.ofSeconds(60),
                Path.of("src/test/resources/payloads/message_create.json").toString())
            .assertExitedNormally()
            // GUILDS (1 << 0) | GUILD_MESSAGES (1 << 9) | MESSAGE_CONTENT (1 << 15)
            .assertPrinted("intents 33281")
            .assertPrinted("typed MESSAGE_CREATE s=42 channel=290926798999357250 content=Supa Hot")
            .assertPrinted("shard 1/4");
    assertThat(result.output()).contains("token <redacted>").doesNotContain("MTIzNDU2");
    assertThat(result.output()).contains("presence {").contains("\"status\":\"online\"");
  }
}
