/**
 * Checks that a built library jar works as a module: {@link dev.sluice.modulecheck.ExportRules}
 * reads its descriptor, {@link dev.sluice.modulecheck.ModulePath} assembles a module path from the
 * test class path, {@link dev.sluice.modulecheck.ConsumerCompiler} compiles consumer modules
 * against it and {@link dev.sluice.modulecheck.ConsumerRun} runs one in a child JVM. Failures are
 * {@link java.lang.AssertionError}s with a message that says what is wrong and how to fix it.
 */
package dev.sluice.modulecheck;
