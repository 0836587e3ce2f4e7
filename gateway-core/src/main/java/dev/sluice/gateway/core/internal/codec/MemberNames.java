package dev.sluice.gateway.core.internal.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;

/**
 * The member names a {@link RecordReader} matches from the parser's bytes: its components' names
 * (indexes {@code 0..n-1}), then names it met and skipped (indexes from {@code n}). A name the
 * matcher does not know costs the parser a second pass (it is parsed into a string and looked up in
 * its symbol table); Discord sends many members Sluice does not model, in every event, so the first
 * {@value #MAX_LEARNED} such names are learned and matched like the others from then on. The bound
 * keeps a peer sending made-up names from growing the table; past it, names are skipped the slower
 * way, with the same result.
 *
 * <p>Thread-safe: readers take the current matcher; learning publishes a new one.
 */
final class MemberNames {

  static final int MAX_LEARNED = 64;

  private final List<String> components;
  private final Set<String> learned = ConcurrentHashMap.newKeySet();
  private volatile PropertyNameMatcher matcher;

  MemberNames(String[] components) {
    this.components = List.of(components);
    this.matcher = BinaryNameMatcher.construct(this.components);
  }

  /** The matcher to read one object with. */
  PropertyNameMatcher matcher() {
    return matcher;
  }

  /** Notes a name {@link #matcher()} did not match (not a component's: those always match). */
  void learn(String name) {
    if (name != null && learned.size() < MAX_LEARNED && learned.add(name)) {
      synchronized (this) {
        List<String> all = new ArrayList<>(components);
        all.addAll(learned);
        matcher = BinaryNameMatcher.construct(all);
      }
    }
  }
}
