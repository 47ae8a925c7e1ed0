package io.cairn.pd.schedule;

import io.cairn.pd.cluster.StoreLoad;
import java.util.Collection;
import java.util.List;

/**
 * How far apart two stores are in the failure-domain hierarchy named by the location labels
 * (widest first, e.g. {@code zone, host}): the number of levels below the deepest one on which
 * both stores carry the same value. Two stores in different zones are {@code levels} apart; in
 * one zone on different hosts {@code levels - 1}; on one host 0. A label a store lacks never
 * matches, so a cluster without labels sees every pair of stores fully apart and placement falls
 * back to load alone.
 *
 * <p>Every placement choice (where repair adds a replica, which surplus replica goes, where a
 * balance move may land) prefers the store farthest from the region's other replicas, so two
 * replicas share a zone or host only when the cluster has too few distinct ones. Stateless and
 * thread-safe.
 */
public final class LocationIsolation {

  private final List<String> labels;

  /** @param labels label keys, widest failure domain first; empty disables isolation */
  public LocationIsolation(List<String> labels) {
    this.labels = List.copyOf(labels);
  }

  /** No location labels: every store is fully apart from every other. */
  public static LocationIsolation none() {
    return new LocationIsolation(List.of());
  }

  /** Levels between {@code a} and {@code b}; 0 when they share every level. */
  public int distance(StoreLoad a, StoreLoad b) {
    int shared = 0;
    for (String key : labels) {
      String va = a.labels().get(key);
      if (va == null || !va.equals(b.labels().get(key))) {
        break;
      }
      shared++;
    }
    return labels.size() - shared;
  }

  /**
   * How isolated {@code candidate} is from {@code others}: its distance to the nearest of them
   * ({@code levels} when there are none). Higher is safer.
   */
  public int isolation(StoreLoad candidate, Collection<StoreLoad> others) {
    int min = labels.size();
    for (StoreLoad o : others) {
      if (o.id() != candidate.id()) {
        min = Math.min(min, distance(candidate, o));
      }
    }
    return min;
  }
}
