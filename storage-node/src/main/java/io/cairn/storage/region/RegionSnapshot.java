package io.cairn.storage.region;

import io.cairn.storage.engine.EngineSnapshot;

/**
 * An engine snapshot of one region, taken after its route was checked. Its iterators never
 * leave the region: bounds outside the region's range are clamped to it (for CF raft, to the
 * raw key space's image of the range, see {@code RawStore}). Point gets are not checked; the
 * keys were checked when the snapshot was taken. The caller closes it.
 */
public interface RegionSnapshot extends EngineSnapshot {

  /** The region as it was when the snapshot was taken. */
  RegionMeta region();
}
