package io.cairn.storage.node;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.raft.RegionKeys;
import io.cairn.storage.region.RegionMeta;
import java.util.Arrays;

/**
 * Measures a region's data exactly and finds the key near the middle of it where the region
 * may split.
 *
 * <p>A region's data is three sorted streams, each entry mapped to the region key it belongs
 * to (the key region boundaries compare):
 * <ul>
 *   <li>CF write, {@code enc(k) ++ desc64(commit_ts)}: region key {@code enc(k)};</li>
 *   <li>CF default, {@code enc(k) ++ desc64(start_ts)}: region key {@code enc(k)};</li>
 *   <li>CF raft, raw data {@code 'r' ++ k}: region key {@code k}.</li>
 * </ul>
 * Locks (CF lock) are transient and small, and are left out. An entry weighs its key plus
 * value bytes; keys count CF write entries (committed versions) and raw keys, as
 * {@link RegionSizer} estimates them.
 *
 * <p>The split key is the region key of the first entry, in merged key order, at or after
 * which at least half the bytes lie to its left, provided it differs from the previous entry's
 * region key and from the region's start key. All versions of a user key share one region key,
 * and memcomparable encodings are prefix-free, so the split never falls inside a row's MVCC
 * versions. When no such boundary follows the middle (the rest is one user key) the last
 * boundary before it is used; a region holding a single user key has none.
 */
final class SplitKeyFinder {

  /** What a scan found; {@code splitKey} is null when the region cannot be split. */
  record Scan(long bytes, long keys, byte[] splitKey) {}

  private enum Stream {
    WRITE(ColumnFamily.WRITE, true),
    DEFAULT(ColumnFamily.DEFAULT, false),
    RAW(ColumnFamily.RAFT, true);

    final ColumnFamily cf;
    final boolean counted;

    Stream(ColumnFamily cf, boolean counted) {
      this.cf = cf;
      this.counted = counted;
    }

    /** The region key of an entry of this stream. */
    byte[] regionKey(byte[] key) {
      if (this == RAW) {
        return Arrays.copyOfRange(key, 1, key.length);
      }
      // a key too short to carry a timestamp is not an MVCC key; it still has a place
      return key.length > Keys.TS_LEN ? Arrays.copyOf(key, key.length - Keys.TS_LEN) : key;
    }
  }

  private SplitKeyFinder() {}

  /** Two passes over {@code reader} (a snapshot, so both see the same data). */
  static Scan scan(EngineReader reader, RegionMeta region) {
    long bytes = 0;
    long keys = 0;
    for (Stream s : Stream.values()) {
      try (EngineIterator it = open(reader, region, s)) {
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          bytes += it.key().length + it.value().length;
          if (s.counted) {
            keys++;
          }
        }
      }
    }
    return new Scan(bytes, keys, bytes == 0 ? null : middle(reader, region, bytes));
  }

  private static byte[] middle(EngineReader reader, RegionMeta region, long total) {
    Stream[] streams = Stream.values();
    EngineIterator[] its = new EngineIterator[streams.length];
    byte[][] heads = new byte[streams.length][];
    try {
      for (int i = 0; i < streams.length; i++) {
        its[i] = open(reader, region, streams[i]);
        heads[i] = its[i].seekToFirst() ? streams[i].regionKey(its[i].key()) : null;
      }
      long left = 0;
      byte[] previous = null;
      byte[] lastBoundary = null;
      while (true) {
        int min = -1;
        for (int i = 0; i < heads.length; i++) {
          if (heads[i] != null && (min < 0 || Arrays.compareUnsigned(heads[i], heads[min]) < 0)) {
            min = i;
          }
        }
        if (min < 0) {
          return lastBoundary;
        }
        byte[] key = heads[min];
        boolean boundary = previous != null && !Arrays.equals(key, previous)
            && Arrays.compareUnsigned(key, region.startKey()) > 0;
        if (boundary) {
          if (left * 2 >= total) {
            return key;
          }
          lastBoundary = key;
        }
        left += its[min].key().length + its[min].value().length;
        previous = key;
        heads[min] = its[min].next() ? streams[min].regionKey(its[min].key()) : null;
      }
    } finally {
      for (EngineIterator it : its) {
        if (it != null) {
          it.close();
        }
      }
    }
  }

  private static EngineIterator open(EngineReader reader, RegionMeta region, Stream s) {
    return reader.iterator(s.cf, RegionKeys.dataStart(region, s.cf),
        RegionKeys.dataEnd(region, s.cf));
  }
}
