package io.cairn.storage.node;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.raft.RegionKeys;
import io.cairn.storage.region.RegionMeta;

/**
 * Estimates a region's size for heartbeats. Must be cheap (it runs once per region per
 * heartbeat interval) and thread-safe.
 */
@FunctionalInterface
interface RegionSizer {

  /** Approximate bytes and keys of a region's transactional and raw data. */
  record Size(long bytes, long keys) {}

  /** No estimate (the in-memory engine keeps no statistics). */
  RegionSizer NONE = region -> new Size(0, 0);

  Size size(RegionMeta region);

  /**
   * RocksDB's estimates over CF write (one record per commit), CF default (large values) and
   * the raw data in CF raft; keys are CF write records plus raw keys. An unbounded region ends
   * at a key of sixteen 0xFF bytes in CF write and default (a size range needs an end): only
   * user keys that start with more than a dozen 0xFF bytes encode above it, and the estimate
   * misses those. The key estimate errs high when an SST file straddles the region's ends, so
   * it only says when to measure exactly ({@link SplitKeyFinder}).
   */
  static RegionSizer rocks(RocksEngine engine) {
    byte[] top = new byte[16];
    java.util.Arrays.fill(top, (byte) 0xFF);
    return region -> {
      byte[] start = region.startKey();
      byte[] end = region.endKey().length == 0 ? top : region.endKey();
      byte[] rawStart = RegionKeys.dataStart(region, ColumnFamily.RAFT);
      byte[] rawEnd = RegionKeys.dataEnd(region, ColumnFamily.RAFT);
      long bytes = engine.approximateSize(ColumnFamily.WRITE, start, end)
          + engine.approximateSize(ColumnFamily.DEFAULT, start, end)
          + engine.approximateSize(ColumnFamily.RAFT, rawStart, rawEnd);
      long keys = engine.approximateKeys(ColumnFamily.WRITE, start, end)
          + engine.approximateKeys(ColumnFamily.RAFT, rawStart, rawEnd);
      return new Size(bytes, keys);
    };
  }
}
