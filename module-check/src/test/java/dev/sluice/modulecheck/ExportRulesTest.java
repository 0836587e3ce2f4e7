package dev.sluice.modulecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportRulesTest {

  static ModuleDescriptor.Builder module() {
    return ModuleDescriptor.newModule("dev.sluice.gateway.x").requires("java.base");
  }

  @Test
  void aModuleThatFollowsTheRulesPasses() {
    ModuleDescriptor descriptor =
        module()
            .exports("dev.sluice.gateway.x")
            .exports(Set.of(), "dev.sluice.gateway.x.internal", Set.of("dev.sluice.gateway.y"))
            .opens(Set.of(), "dev.sluice.gateway.x", Set.of("tools.jackson.databind"))
            .build();

    assertThat(ExportRules.violations(descriptor, Set.of("dev.sluice.gateway.x"))).isEmpty();
  }

  @Test
  void anUnqualifiedInternalExportFails() {
    ModuleDescriptor descriptor =
        module().exports("dev.sluice.gateway.x").exports("dev.sluice.gateway.x.internal").build();

    assertThatThrownBy(() -> ExportRules.check(descriptor, Set.of("dev.sluice.gateway.x")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "internal package dev.sluice.gateway.x.internal is exported to everyone")
        .hasMessageContaining("not in the reviewed list: [dev.sluice.gateway.x.internal]");
  }

  @Test
  void anInternalExportToAForeignModuleFails() {
    ModuleDescriptor descriptor =
        module()
            .exports(Set.of(), "dev.sluice.gateway.x.internal", Set.of("com.example.bot"))
            .build();

    assertThat(ExportRules.violations(descriptor, Set.of()))
        .containsExactly(
            "package dev.sluice.gateway.x.internal is exported to com.example.bot, which is not a"
                + " Sluice module");
  }

  @Test
  void theReviewedListMustMatchBothWays() {
    ModuleDescriptor descriptor = module().exports("dev.sluice.gateway.x.extra").build();

    assertThat(ExportRules.violations(descriptor, Set.of("dev.sluice.gateway.x")))
        .anyMatch(p -> p.contains("not in the reviewed list: [dev.sluice.gateway.x.extra]"))
        .anyMatch(p -> p.contains("no longer exported to everyone: [dev.sluice.gateway.x]"));
  }

  @Test
  void openModulesAndUnqualifiedOpensFail() {
    ModuleDescriptor open = ModuleDescriptor.newOpenModule("dev.sluice.gateway.x").build();
    ModuleDescriptor opens = module().opens("dev.sluice.gateway.x").build();

    assertThat(ExportRules.violations(open, Set.of())).anyMatch(p -> p.contains("non-open"));
    assertThat(ExportRules.violations(opens, Set.of()))
        .containsExactly(
            "package dev.sluice.gateway.x is opened to everyone; open it `to` the module that"
                + " reflects on it");
  }

  @Test
  void aCompilationFailsItsAssertionsWithTheDiagnostics() {
    Compilation failed =
        new Compilation(
            false,
            Path.of("out"),
            List.of("compiler.err.cant.resolve: cannot find symbol (Main.java:3)"));

    assertThatThrownBy(failed::assertSucceeded).hasMessageContaining("cannot find symbol");
    assertThatThrownBy(
            () -> failed.assertFailedWith("compiler.err.package.not.visible", "does not export"))
        .hasMessageContaining("expected a diagnostic compiler.err.package.not.visible");
    assertThatThrownBy(
            () ->
                new Compilation(true, Path.of("out"), List.of())
                    .assertFailedWith("compiler.err.package.not.visible", "x"))
        .hasMessageContaining("the consumer compiled");
  }
}
