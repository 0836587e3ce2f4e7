package dev.sluice.modulecheck;

import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A module path made of a library module's built jar and its runtime dependencies, for compiling
 * and running consumer modules against the real artifact.
 *
 * <p>The built jar is named by the system property {@value #JAR_PROPERTY}, which the parent pom
 * sets for failsafe to {@code target/<finalName>.jar}. The dependencies are taken from the test
 * class path: every jar (or exploded module directory) whose module name starts with one of the
 * given prefixes. The defaults, {@link #RUNTIME_PREFIXES}, cover what the Sluice modules depend on
 * at run time; test-only libraries (JUnit, AssertJ, reactor-test, logback, Discord4J) stay off the
 * path, which matters because the launcher resolves every automatic module on the path.
 *
 * <p>Immutable; thread-safe.
 *
 * <pre>{@code
 * ModulePath path = ModulePath.of("dev.sluice.gateway.reactor");
 * ExportRules.check(path.descriptor(), Set.of("dev.sluice.gateway.reactor"));
 * }</pre>
 */
public final class ModulePath {

  /** The system property naming the built jar of the module under test. */
  public static final String JAR_PROPERTY = "sluice.module.jar";

  /** Module name prefixes of the Sluice modules' run-time dependencies. */
  public static final List<String> RUNTIME_PREFIXES =
      List.of(
          "dev.sluice.gateway.",
          "tools.jackson.",
          "com.fasterxml.jackson.annotation",
          "reactor.core",
          "reactor.netty.",
          "org.reactivestreams",
          "io.netty.",
          "org.slf4j");

  private final ModuleDescriptor descriptor;
  private final Path jar;
  private final Map<String, Path> modules;

  private ModulePath(ModuleDescriptor descriptor, Path jar, Map<String, Path> modules) {
    this.descriptor = descriptor;
    this.jar = jar;
    this.modules = modules;
  }

  /**
   * The built jar of {@code moduleName} and its dependencies matching {@link #RUNTIME_PREFIXES}.
   */
  public static ModulePath of(String moduleName) {
    return of(moduleName, RUNTIME_PREFIXES);
  }

  /** The built jar of {@code moduleName} and the class path modules matching {@code prefixes}. */
  public static ModulePath of(String moduleName, Collection<String> prefixes) {
    Path jar = builtJar();
    ModuleDescriptor descriptor = describe(jar).orElseThrow(() -> notAModule(jar));
    if (!descriptor.name().equals(moduleName)) {
      throw new AssertionError(jar + " holds module " + descriptor.name() + ", not " + moduleName);
    }
    Map<String, Path> modules = new LinkedHashMap<>();
    modules.put(moduleName, jar);
    for (Path entry : testClassPath()) {
      describe(entry)
          .map(ModuleDescriptor::name)
          .filter(name -> prefixes.stream().anyMatch(name::startsWith))
          .ifPresent(name -> modules.putIfAbsent(name, entry));
    }
    return new ModulePath(descriptor, jar, Map.copyOf(modules));
  }

  /** The descriptor read from the built jar. */
  public ModuleDescriptor descriptor() {
    return descriptor;
  }

  /** The built jar. */
  public Path jar() {
    return jar;
  }

  /** The names of the modules on this path. */
  public Set<String> moduleNames() {
    return Set.copyOf(modules.keySet());
  }

  /** The entries of this path, the built jar first. */
  public List<Path> entries() {
    List<Path> entries = new ArrayList<>();
    entries.add(jar);
    modules.values().stream().filter(p -> !p.equals(jar)).sorted().forEach(entries::add);
    return entries;
  }

  /** This path with one more entry (a consumer's compiled classes), last. */
  public List<Path> entriesWith(Path extra) {
    List<Path> entries = entries();
    entries.add(extra);
    return entries;
  }

  /** The entries joined for {@code --module-path}. */
  public static String join(List<Path> entries) {
    return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  @Override
  public String toString() {
    return "ModulePath" + new java.util.TreeSet<>(modules.keySet());
  }

  private static Path builtJar() {
    String value = System.getProperty(JAR_PROPERTY);
    if (value == null || value.isBlank()) {
      throw new AssertionError(
          "system property "
              + JAR_PROPERTY
              + " is not set: run this test with failsafe (mvn verify), whose configuration in the"
              + " parent pom sets it to the module's built jar");
    }
    Path jar = Path.of(value).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(
          jar + " does not exist: run `mvn verify` so that `package` builds it before this test");
    }
    return jar;
  }

  private static List<Path> testClassPath() {
    String value = System.getProperty("surefire.test.class.path");
    if (value == null || value.isBlank()) {
      value = System.getProperty("java.class.path", "");
    }
    List<Path> entries = new ArrayList<>();
    for (String entry : value.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry).toAbsolutePath());
      }
    }
    return entries;
  }

  /** The module in a jar or an exploded module directory; empty for anything else. */
  static Optional<ModuleDescriptor> describe(Path entry) {
    boolean jar = Files.isRegularFile(entry) && entry.toString().endsWith(".jar");
    boolean exploded = Files.isRegularFile(entry.resolve("module-info.class"));
    if (!jar && !exploded) {
      return Optional.empty();
    }
    try {
      return ModuleFinder.of(entry).findAll().stream().findFirst().map(ModuleReference::descriptor);
    } catch (FindException e) {
      return Optional.empty();
    }
  }

  private static AssertionError notAModule(Path jar) {
    return new AssertionError(jar + " is not a module jar");
  }
}
