package io.cairn.tikv.region;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the region cache; plain adders until the Prometheus registry exists. Thread-safe. */
public final class RegionCacheMetrics {

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder pdLoads = new LongAdder();
  private final Map<InvalidReason, LongAdder> invalidations = new EnumMap<>(InvalidReason.class);

  RegionCacheMetrics() {
    for (InvalidReason r : InvalidReason.values()) {
      invalidations.put(r, new LongAdder());
    }
  }

  void invalidated(InvalidReason reason) {
    invalidations.get(reason).increment();
  }

  /** Lookups answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that had to ask PD (absent or expired entry). */
  public long misses() {
    return misses.sum();
  }

  /** Regions loaded from PD. */
  public long pdLoads() {
    return pdLoads.sum();
  }

  public long invalidations(InvalidReason reason) {
    return invalidations.get(reason).sum();
  }
}
