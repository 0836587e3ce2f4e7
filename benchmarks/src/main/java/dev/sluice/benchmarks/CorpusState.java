package dev.sluice.benchmarks;

import dev.sluice.benchmarks.e2e.Corpus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A few thousand messages of the end-to-end corpus, in Discord's key order, for JMH loops. */
final class CorpusState {

  static final int SIZE = 4096;

  private CorpusState() {}

  /** Whole messages ({@code t, s, op, d}) of the generated mix. */
  static byte[][] messages() {
    List<Corpus.Dispatch> events = new Corpus(42).events(SIZE, 0, 0);
    byte[][] out = new byte[SIZE][];
    for (int i = 0; i < SIZE; i++) {
      Corpus.Dispatch d = events.get(i);
      out[i] =
          ("{\"t\":\"" + d.type() + "\",\"s\":" + (i + 1) + ",\"op\":0,\"d\":" + d.body() + "}")
              .getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
