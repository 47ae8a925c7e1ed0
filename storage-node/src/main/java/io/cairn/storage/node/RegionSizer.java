package io.cairn.storage.node;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.region.RegionMeta;

/**
 * Estimates a region's size for heartbeats. Must be cheap (it runs once per region per
 * heartbeat interval) and thread-safe.
 */
@FunctionalInterface
interface RegionSizer {

  /** Approximate bytes and keys of a region's transactional data. */
  record Size(long bytes, long keys) {}

  /** No estimate (the in-memory engine keeps no statistics). */
  RegionSizer NONE = region -> new Size(0, 0);

  Size size(RegionMeta region);

  /**
   * RocksDB's estimates over CF write (one record per commit) and CF default (large values).
   * An unbounded region ends at a key of sixteen 0xFF bytes (a size range needs an end): only
   * user keys that start with more than a dozen 0xFF bytes encode above it, and the estimate
   * misses those.
   */
  static RegionSizer rocks(RocksEngine engine) {
    byte[] top = new byte[16];
    java.util.Arrays.fill(top, (byte) 0xFF);
    return region -> {
      byte[] start = region.startKey();
      byte[] end = region.endKey().length == 0 ? top : region.endKey();
      long bytes = engine.approximateSize(ColumnFamily.WRITE, start, end)
          + engine.approximateSize(ColumnFamily.DEFAULT, start, end);
      long keys = engine.approximateKeys(ColumnFamily.WRITE, start, end);
      return new Size(bytes, keys);
    };
  }
}
