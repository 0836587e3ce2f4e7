package dev.sluice.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rendezvous placement: balanced, deterministic, and only ~1/n of shards move on a change. */
class RendezvousTest {

  private static final int SHARDS = 1024;
  private static final long SEED = Long.getLong("sluice.seed", System.nanoTime());

  private static List<String> nodes(SplittableRandom random, int n) {
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add("host-" + random.nextInt(1_000_000) + "-" + i);
    }
    return nodes;
  }

  private static Map<Integer, String> place(List<String> nodes) {
    Map<Integer, String> owners = new HashMap<>();
    for (int s = 0; s < SHARDS; s++) {
      owners.put(s, Rendezvous.owner(nodes, s));
    }
    return owners;
  }

  @Test
  void aJoinMovesAboutOneNthAndOnlyToTheNewNode() {
    SplittableRandom random = new SplittableRandom(SEED);
    String seed = "seed " + SEED + " (replay with -Dsluice.seed=" + SEED + ")";
    for (int n = 2; n <= 8; n++) {
      List<String> before = nodes(random, n);
      List<String> after = new ArrayList<>(before);
      String joiner = "joiner-" + random.nextInt(1_000_000);
      after.add(joiner);
      Map<Integer, String> a = place(before);
      Map<Integer, String> b = place(after);
      int moved = 0;
      for (int s = 0; s < SHARDS; s++) {
        if (!a.get(s).equals(b.get(s))) {
          moved++;
          assertThat(b.get(s)).as(seed).isEqualTo(joiner);
        }
      }
      double fraction = moved / (double) SHARDS;
      assertThat(fraction).as(seed + ", n=" + n).isBetween(0.6 / (n + 1), 1.4 / (n + 1));
    }
  }

  @Test
  void aLeaveMovesOnlyTheLeaversShards() {
    SplittableRandom random = new SplittableRandom(SEED);
    String seed = "seed " + SEED + " (replay with -Dsluice.seed=" + SEED + ")";
    List<String> before = nodes(random, 5);
    String leaver = before.get(random.nextInt(5));
    List<String> after = new ArrayList<>(before);
    after.remove(leaver);
    Map<Integer, String> a = place(before);
    Map<Integer, String> b = place(after);
    int moved = 0;
    for (int s = 0; s < SHARDS; s++) {
      if (!a.get(s).equals(b.get(s))) {
        moved++;
        assertThat(a.get(s)).as(seed).isEqualTo(leaver);
      } else {
        assertThat(a.get(s)).as(seed).isNotEqualTo(leaver);
      }
    }
    assertThat(moved / (double) SHARDS).as(seed).isBetween(0.6 / 5, 1.4 / 5);
  }

  @Test
  void placementIsBalancedAndIndependentOfNodeOrder() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> nodes = nodes(random, 4);
    List<String> reversed = new ArrayList<>(nodes);
    java.util.Collections.reverse(reversed);
    Map<Integer, String> a = place(nodes);
    assertThat(place(reversed)).isEqualTo(a);
    Map<String, Integer> counts = new HashMap<>();
    a.values().forEach(node -> counts.merge(node, 1, Integer::sum));
    assertThat(counts.values())
        .as("seed " + SEED)
        .allSatisfy(c -> assertThat(c).isBetween(SHARDS / 4 * 7 / 10, SHARDS / 4 * 13 / 10));
    assertThat(Rendezvous.owner(List.of(), 3)).isNull();
  }
}
