package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.region.RegionMeta;
import java.nio.ByteBuffer;

/**
 * Where a region's state lives in the engine.
 *
 * <p>Local (per-replica) keys in CF {@code raft}, under TiKV's local prefix {@code 0x01},
 * which no data key uses (raw keys there start with {@code 'r'}):
 *
 * <pre>
 * 0x01 0x02 region_id(i64 BE) 0x01  →  RegionMeta.encode()
 * 0x01 0x02 region_id(i64 BE) 0x02  →  applied term(i64 BE) index(i64 BE)
 * 0x01 0x02 region_id(i64 BE) 0x03  →  installing marker: term(i64) index(i64) being installed
 * </pre>
 *
 * <p>Data of region {@code [start, end)} (empty end: unbounded): in CFs default, lock and
 * write the keys in {@code [start, end)} (MVCC keys are the memcomparable key plus a
 * suffix, and boundaries are memcomparable keys, so the suffix never crosses a boundary);
 * in CF raft the raw keys {@code 'r' ++ [start, end)}, never the local keys.
 */
public final class RegionKeys {
  static final byte LOCAL_PREFIX = 0x01;
  static final byte REGION_STATE = 0x02;
  static final byte SUFFIX_META = 0x01;
  static final byte SUFFIX_APPLIED = 0x02;
  static final byte SUFFIX_INSTALLING = 0x03;
  static final byte RAW_PREFIX = 'r';

  private RegionKeys() {}

  public static byte[] metaKey(long regionId) {
    return localKey(regionId, SUFFIX_META);
  }

  public static byte[] appliedKey(long regionId) {
    return localKey(regionId, SUFFIX_APPLIED);
  }

  public static byte[] installingKey(long regionId) {
    return localKey(regionId, SUFFIX_INSTALLING);
  }

  /** The lower bound of all region-state keys, for scanning the regions a store holds. */
  static byte[] regionStateStart() {
    return new byte[] {LOCAL_PREFIX, REGION_STATE};
  }

  static byte[] regionStateEnd() {
    return new byte[] {LOCAL_PREFIX, REGION_STATE + 1};
  }

  /** The region id of a local key from {@link #metaKey}, or -1 for any other key. */
  static long regionIdOfMetaKey(byte[] key) {
    if (key.length != 11 || key[0] != LOCAL_PREFIX || key[1] != REGION_STATE || key[10] != SUFFIX_META) {
      return -1;
    }
    return ByteBuffer.wrap(key, 2, 8).getLong();
  }

  static byte[] encodeApplied(Applied a) {
    return ByteBuffer.allocate(16).putLong(a.term()).putLong(a.index()).array();
  }

  static Applied decodeApplied(byte[] v) {
    if (v == null) {
      return Applied.NONE;
    }
    if (v.length != 16) {
      throw new IllegalStateException("applied state of " + v.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return new Applied(b.getLong(), b.getLong());
  }

  /** The lower bound of the region's data in {@code cf}. */
  public static byte[] dataStart(RegionMeta meta, ColumnFamily cf) {
    return cf == ColumnFamily.RAFT ? prefixed(meta.startKey()) : meta.startKey().clone();
  }

  /**
   * The exclusive upper bound of the region's data in {@code cf}; null when unbounded (the
   * last region, CFs other than raft).
   */
  public static byte[] dataEnd(RegionMeta meta, ColumnFamily cf) {
    byte[] end = meta.endKey();
    if (cf == ColumnFamily.RAFT) {
      return end.length == 0 ? new byte[] {RAW_PREFIX + 1} : prefixed(end);
    }
    return end.length == 0 ? null : end.clone();
  }

  /**
   * Adds to {@code batch} the deletion of all the region's data in every CF, as seen by
   * {@code reader}. A range delete needs a finite end, and the MVCC key space has no largest
   * key, so for an unbounded region the keys at or above the last key present are deleted
   * one by one (there is one such key).
   */
  static void deleteData(io.cairn.storage.engine.EngineReader reader, io.cairn.storage.engine.WriteBatch batch, RegionMeta meta) {
    for (ColumnFamily cf : ColumnFamily.values()) {
      byte[] start = dataStart(meta, cf);
      byte[] end = dataEnd(meta, cf);
      if (end == null) {
        try (io.cairn.storage.engine.EngineIterator it = reader.iterator(cf, start, null)) {
          if (!it.seekToLast()) {
            continue;
          }
          end = it.key();
          batch.delete(cf, end);
        }
      }
      if (java.util.Arrays.compareUnsigned(start, end) < 0) {
        batch.deleteRange(cf, start, end);
      }
    }
  }

  /**
   * Adds to {@code batch} the deletion of the region's data ({@link #deleteData}) except in
   * the parts of its range that one of {@code keep} covers.
   */
  static void deleteDataOutside(io.cairn.storage.engine.EngineReader reader, io.cairn.storage.engine.WriteBatch batch, RegionMeta meta,
      java.util.List<RegionMeta> keep) {
    java.util.List<RegionMeta> inside = new java.util.ArrayList<>();
    for (RegionMeta k : keep) {
      if (overlaps(meta, k)) {
        inside.add(k);
      }
    }
    inside.sort((a, b) -> java.util.Arrays.compareUnsigned(a.startKey(), b.startKey()));
    byte[] from = meta.startKey();
    for (RegionMeta k : inside) {
      if (from == null) {
        return;
      }
      if (java.util.Arrays.compareUnsigned(from, k.startKey()) < 0) {
        deleteData(reader, batch, meta.withRange(from, k.startKey(), meta.epoch()));
      }
      if (k.endKey().length == 0) {
        from = null;
      } else if (java.util.Arrays.compareUnsigned(k.endKey(), from) > 0) {
        from = k.endKey();
      }
    }
    if (from != null && (meta.endKey().length == 0 || java.util.Arrays.compareUnsigned(from, meta.endKey()) < 0)) {
      deleteData(reader, batch, meta.withRange(from, meta.endKey(), meta.epoch()));
    }
  }

  private static boolean overlaps(RegionMeta a, RegionMeta b) {
    boolean aBeforeB = a.endKey().length > 0 && java.util.Arrays.compareUnsigned(a.endKey(), b.startKey()) <= 0;
    boolean bBeforeA = b.endKey().length > 0 && java.util.Arrays.compareUnsigned(b.endKey(), a.startKey()) <= 0;
    return !aBeforeB && !bBeforeA;
  }

  private static byte[] prefixed(byte[] k) {
    byte[] out = new byte[k.length + 1];
    out[0] = RAW_PREFIX;
    System.arraycopy(k, 0, out, 1, k.length);
    return out;
  }

  private static byte[] localKey(long regionId, byte suffix) {
    return ByteBuffer.allocate(11).put(LOCAL_PREFIX).put(REGION_STATE).putLong(regionId).put(suffix).array();
  }
}
