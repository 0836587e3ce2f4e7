package dev.sluice.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The libraries' Javadoc examples compile: every {@code <pre>{@code ...}</pre>} block in their main
 * sources must equal the region of {@link JavadocExamples} tagged with the file's name ({@code
 * Name}, then {@code Name-2}, ... for a second block), which is compiled with the samples' tests.
 * Run with {@code -Djavadoc.update=true} to rewrite the Javadoc blocks from the regions.
 */
class JavadocExamplesTest {

  static final Pattern BLOCK =
      Pattern.compile(
          "^( *)\\* <pre>\\{@code\\n(.*?)^ *\\* }</pre>$", Pattern.DOTALL | Pattern.MULTILINE);
  static final List<String> MODULES = List.of("gateway-core", "gateway-reactor", "gateway-testkit");

  /** Examples that cannot compile here, and why. */
  static final Map<String, String> EXEMPT =
      Map.of("GatewayEvent.java", "a pattern switch (Java 21); the libraries compile for Java 17");

  @Test
  void everyJavadocExampleIsACompiledRegion() throws IOException {
    boolean update = Boolean.getBoolean("javadoc.update");
    List<String> stale = new ArrayList<>();
    int checked = 0;
    for (Path source : sources()) {
      String name = source.getFileName().toString();
      if (EXEMPT.containsKey(name)) {
        continue;
      }
      String text = Files.readString(source);
      Matcher m = BLOCK.matcher(text);
      StringBuilder rewritten = new StringBuilder();
      int index = 0;
      while (m.find()) {
        index++;
        String tag = name.replace(".java", "") + (index == 1 ? "" : "-" + index);
        String expected = DocSnippetsTest.region("JavadocExamples.java", tag);
        checked++;
        if (!expected.equals(uncomment(m.group(2)))) {
          stale.add(DocSnippetsTest.ROOT.relativize(source) + " (" + tag + ")");
        }
        m.appendReplacement(rewritten, Matcher.quoteReplacement(block(m.group(1), expected)));
      }
      m.appendTail(rewritten);
      if (update) {
        Files.writeString(source, rewritten.toString());
      }
    }
    assertThat(checked).as("Javadoc examples found").isGreaterThan(10);
    if (!update) {
      assertThat(stale)
          .as("Javadoc examples unlike JavadocExamples.java (javadoc.update)")
          .isEmpty();
    }
  }

  static List<Path> sources() throws IOException {
    List<Path> sources = new ArrayList<>();
    for (String module : MODULES) {
      try (Stream<Path> files =
          Files.walk(DocSnippetsTest.ROOT.resolve(module).resolve("src/main"))) {
        files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
      }
    }
    return sources;
  }

  /** The code of a block: each line without its leading {@code " * "}. */
  static String uncomment(String lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines.split("\n", -1)) {
      String stripped = line.stripLeading();
      if (stripped.isEmpty()) {
        continue; // the split's last, empty piece
      }
      String code = stripped.startsWith("* ") ? stripped.substring(2) : stripped.substring(1);
      out.append(code).append('\n');
    }
    return out.toString();
  }

  static String block(String indent, String code) {
    StringBuilder out = new StringBuilder(indent).append("* <pre>{@code\n");
    for (String line : code.split("\n")) {
      out.append(indent).append(line.isEmpty() ? "*" : "* " + line).append('\n');
    }
    return out.append(indent).append("* }</pre>").toString();
  }
}
