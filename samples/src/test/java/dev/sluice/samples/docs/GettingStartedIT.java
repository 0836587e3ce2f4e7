package dev.sluice.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md builds from its blocks alone: every block named by a path line ({@code
 * `pom.xml`}, {@code `src/...java`}) is written into a fresh directory, the Sluice artifacts this
 * build just packaged (each library with its {@code -sources} and {@code -javadoc} jar) go into a
 * fresh local repository, and {@code mvn test} runs there, green.
 *
 * <p>The inner build's only repository is the user's local one, read through a {@code file://}
 * mirror: it needs no network, and nothing of Sluice is installed into the user's repository. Needs
 * the Maven running this build ({@code sluice.maven.home}, set by the parent pom's failsafe
 * configuration).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GettingStartedIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern FILE_BLOCK =
      Pattern.compile(
          "^`([\\w./-]+)`[^\\n]*\\n(?:<!-- snippet: [^\\n]+ -->\\n)?```(\\w+)\\n(.*?)^```$",
          Pattern.DOTALL | Pattern.MULTILINE);
  static final List<String> LIBRARIES =
      List.of("gateway-core", "gateway-reactor", "gateway-rest", "gateway-testkit");

  @TempDir Path temp;

  @Test
  void theProjectOfGettingStartedBuildsAndItsTestsPass() throws Exception {
    Map<String, String> files = blocks(Files.readString(ROOT.resolve("docs/getting-started.md")));
    assertThat(files.keySet())
        .as("files of getting-started.md")
        .contains(
            "pom.xml",
            "src/main/java/dev/sluice/samples/first/FirstBot.java",
            "src/test/java/dev/sluice/samples/first/FirstBotTest.java");
    String version = property("sluice.version");
    assertThat(files.get("pom.xml"))
        .as("the pom's Sluice version is this build's")
        .contains("<sluice.version>" + version + "</sluice.version>");
    Path project = temp.resolve("first-bot");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = project.resolve(file.getKey());
      Files.createDirectories(target.getParent() == null ? project : target.getParent());
      Files.writeString(target, file.getValue());
    }
    Path repo = temp.resolve("repository");
    seed(repo, version);
    Path settings = mirrorSettings(Path.of(property("sluice.repo.local")));
    String output = mavenTest(project, repo, settings);
    assertThat(output)
        .as(output)
        .contains("BUILD SUCCESS")
        .containsPattern("Tests run: [1-9]\\d*, Failures: 0, Errors: 0, Skipped: 0\\s")
        .doesNotContain("Tests run: 0,");
  }

  /** Every block preceded by a line naming its file, by path (a path named twice fails). */
  static Map<String, String> blocks(String markdown) {
    Map<String, String> files = new LinkedHashMap<>();
    Matcher m = FILE_BLOCK.matcher(markdown);
    while (m.find()) {
      String previous = files.put(m.group(1), m.group(3));
      assertThat(previous).as("%s is given twice", m.group(1)).isNull();
    }
    return files;
  }

  /** The packaged Sluice artifacts, laid out as {@code mvn install} would (parent, BOM, jars). */
  private void seed(Path repo, String version) throws IOException {
    put(repo, "sluice-parent", version, "pom", ROOT.resolve("pom.xml"));
    put(repo, "gateway-bom", version, "pom", ROOT.resolve("gateway-bom/pom.xml"));
    for (String module : LIBRARIES) {
      Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
      assertThat(jar)
          .as("%s is packaged (this test runs in `mvn verify`, after `package`)", jar)
          .isRegularFile();
      put(repo, module, version, "jar", jar);
      put(repo, module, version, "pom", ROOT.resolve(module).resolve("pom.xml"));
      for (String classifier : List.of("sources", "javadoc")) {
        // Published beside the jar, so that an IDE shows the sources and the Javadoc.
        Path attached = jar.resolveSibling(module + "-" + version + "-" + classifier + ".jar");
        assertThat(attached).as("%s is built with the jar", attached).isRegularFile();
        put(repo, module, version + "-" + classifier, "jar", attached, version);
      }
    }
  }

  private static void put(Path repo, String artifact, String version, String ext, Path file)
      throws IOException {
    put(repo, artifact, version, ext, file, version);
  }

  /** {@code name} is the version with any classifier; {@code version} names the directory. */
  private static void put(
      Path repo, String artifact, String name, String ext, Path file, String version)
      throws IOException {
    Path dir = repo.resolve("dev/sluice").resolve(artifact).resolve(version);
    Files.createDirectories(dir);
    Files.copy(
        file, dir.resolve(artifact + "-" + name + "." + ext), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Settings whose only repository is the user's local one, read as a remote over file://. */
  private Path mirrorSettings(Path localRepository) throws IOException {
    assertThat(localRepository).as("the local repository of this build").isDirectory();
    Path settings = temp.resolve("settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <mirrors>
            <mirror>
              <id>local-cache</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """
            .formatted(localRepository.toUri()));
    return settings;
  }

  private String mavenTest(Path project, Path repo, Path settings) throws Exception {
    Path mvn = Path.of(property("sluice.maven.home"), "bin", "mvn");
    assertThat(mvn)
        .as("Maven at %s (run this test through Maven: mvn -B verify)", mvn)
        .isExecutable();
    List<String> command =
        List.of(
            mvn.toString(), "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repo, "test");
    File log = temp.resolve("mvn.log").toFile();
    ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_OPTS");
    pb.redirectErrorStream(true).redirectOutput(log);
    Process process = pb.start();
    try {
      boolean finished = process.waitFor(4, TimeUnit.MINUTES);
      String output = Files.readString(log.toPath());
      assertThat(finished).as("mvn test finished within 4 minutes:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("mvn test's status:%n%s", output).isZero();
      return output;
    } finally {
      process.destroyForcibly();
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as("system property %s (set by the parent pom's failsafe configuration)", name)
        .isNotBlank();
    return value;
  }
}
