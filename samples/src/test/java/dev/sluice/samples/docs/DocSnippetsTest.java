package dev.sluice.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Documentation snippets come from compiled sources: every {@code <!-- snippet: File.java#tag -->}
 * in README.md and docs/ must be followed by a java (or yaml) block equal to the region between
 * {@code // tag::tag[]} and {@code // end::tag[]} in that file. Run with {@code
 * -Dsnippets.update=true} to rewrite the blocks from the sources.
 */
class DocSnippetsTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern MARKER =
      Pattern.compile(
          "<!-- snippet: ([\\w.]+)#([\\w-]+) -->\\n```(java|yaml)\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everySnippetMatchesItsTaggedSourceRegion() throws IOException {
    boolean update = Boolean.getBoolean("snippets.update");
    List<String> stale = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs()) {
      String text = Files.readString(doc);
      Matcher m = MARKER.matcher(text);
      StringBuilder rewritten = new StringBuilder();
      while (m.find()) {
        String expected = region(m.group(1), m.group(2));
        checked++;
        if (!expected.equals(m.group(4))) {
          stale.add(ROOT.relativize(doc) + ": " + m.group(1) + "#" + m.group(2));
        }
        m.appendReplacement(
            rewritten,
            Matcher.quoteReplacement(
                "<!-- snippet: "
                    + m.group(1)
                    + "#"
                    + m.group(2)
                    + " -->\n```"
                    + m.group(3)
                    + "\n"
                    + expected
                    + "```"));
      }
      m.appendTail(rewritten);
      if (update) {
        Files.writeString(doc, rewritten.toString());
      }
    }
    assertThat(checked).as("snippets found").isPositive();
    if (!update) {
      assertThat(stale).as("stale snippets (run with -Dsnippets.update=true)").isEmpty();
    }
  }

  static List<Path> docs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static String region(String file, String tag) {
    try (Stream<Path> files = Files.walk(ROOT)) {
      Path source =
          files
              .filter(p -> p.getFileName().toString().equals(file) && p.toString().contains("src"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no source " + file));
      List<String> lines = Files.readAllLines(source);
      int start = -1;
      int end = -1;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim().replaceFirst("^(//|#) ", "");
        if (line.equals("tag::" + tag + "[]")) {
          start = i + 1;
        } else if (line.equals("end::" + tag + "[]")) {
          end = i;
        }
      }
      if (start < 0 || end < start) {
        throw new AssertionError("no region " + tag + " in " + file);
      }
      List<String> body = lines.subList(start, end);
      int indent =
          body.stream()
              .filter(l -> !l.isBlank())
              .mapToInt(l -> l.length() - l.stripLeading().length())
              .min()
              .orElse(0);
      StringBuilder out = new StringBuilder();
      for (String line : body) {
        out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
