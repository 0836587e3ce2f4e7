package dev.sluice.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Rendezvous (highest random weight) placement: a shard goes to the live node with the highest
 * weight for it. Every node computes the same answer from the same node list, with no leader, and
 * when a node joins or leaves only the shards it wins or held move (about 1/n of them).
 */
final class Rendezvous {

  private Rendezvous() {}

  /** The node {@code shard} belongs to, or null when there are no nodes. */
  static String owner(Collection<String> nodes, int shard) {
    String best = null;
    long bestWeight = 0;
    for (String node : nodes) {
      long w = weight(node, shard);
      if (best == null
          || Long.compareUnsigned(w, bestWeight) > 0
          || (w == bestWeight && node.compareTo(best) < 0)) {
        best = node;
        bestWeight = w;
      }
    }
    return best;
  }

  /** A well-mixed 64-bit weight of (node, shard): FNV-1a of the name, then SplitMix64. */
  static long weight(String node, int shard) {
    long h = 0xcbf29ce484222325L;
    for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h ^ mix(shard + 0x9e3779b97f4a7c15L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
