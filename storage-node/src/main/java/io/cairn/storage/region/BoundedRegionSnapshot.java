package io.cairn.storage.region;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.raw.RawStore;
import java.util.Arrays;

/**
 * A {@link RegionSnapshot} over an engine snapshot that clamps iterator bounds to the region.
 * In CFs default, lock and write the data keys are {@code enc(k)} or {@code enc(k) ++ ts}; as
 * no encoded key is a prefix of another, {@code enc(k) ++ ts} lies in the region exactly when
 * {@code enc(k)} does, so the region's boundaries bound them directly. In CF raft, raw key
 * {@code k} is stored at {@code RawStore.PREFIX ++ k}, so the boundaries get that prefix too
 * (an empty end becomes the end of the raw key space).
 */
public final class BoundedRegionSnapshot implements RegionSnapshot {
  private final EngineSnapshot snapshot;
  private final RegionMeta region;

  public BoundedRegionSnapshot(EngineSnapshot snapshot, RegionMeta region) {
    this.snapshot = snapshot;
    this.region = region;
  }

  @Override
  public RegionMeta region() {
    return region;
  }

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    return snapshot.get(cf, key);
  }

  @Override
  public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
    byte[] regionLower;
    byte[] regionUpper;
    if (cf == ColumnFamily.RAFT) {
      regionLower = prefixed(region.startKey());
      regionUpper = region.endKey().length == 0
          ? new byte[] {(byte) (RawStore.PREFIX + 1)} : prefixed(region.endKey());
    } else {
      regionLower = region.startKey().length == 0 ? null : region.startKey();
      regionUpper = region.endKey().length == 0 ? null : region.endKey();
    }
    byte[] lower = max(lowerBound, regionLower);
    byte[] upper = min(upperBound, regionUpper);
    if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) > 0) {
      upper = lower;
    }
    return snapshot.iterator(cf, lower, upper);
  }

  @Override
  public void close() {
    snapshot.close();
  }

  private static byte[] prefixed(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = RawStore.PREFIX;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  /** The larger lower bound; null is unbounded. */
  private static byte[] max(byte[] a, byte[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
  }

  /** The smaller upper bound; null is unbounded. */
  private static byte[] min(byte[] a, byte[] b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
  }
}
