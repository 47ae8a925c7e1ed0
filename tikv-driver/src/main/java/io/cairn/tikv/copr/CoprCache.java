package io.cairn.tikv.copr;

import io.cairn.tikv.region.KeyRange;
import io.cairn.tikv.region.RegionVerId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The coprocessor result cache ({@code copr_cache}): answers of region tasks, kept by what
 * determines them, evicted least recently used first once their bytes exceed the capacity.
 *
 * <p>Why an answer may be reused. A task's answer is a function of the request payload, the
 * task's key ranges and the data committed at or below the start ts. Percolator fixes the
 * latter once a read at that ts has succeeded: a transaction that had not committed by then
 * gets a commit ts above it (its commit ts comes from PD later, or its {@code min_commit_ts}
 * was pushed past the reader), so nothing can appear or vanish below the ts afterwards. The key
 * is therefore (region id and epoch, {@code tp}, start ts, ranges, payload) — the region's epoch
 * only makes sure the ranges are the same task's. TiDB instead asks TiKV whether the region's
 * data changed ({@code cache_if_match_version}) and so reuses answers across timestamps;
 * Cairn's nodes do not answer that, so an entry here serves repeated reads of one snapshot (a
 * statement re-run inside a transaction, a subquery evaluated per outer row, stale reads at a
 * fixed ts).
 *
 * <p>Only complete, error-free answers are offered, and only those up to the admission limit
 * are kept. The capacity changes at runtime; 0 disables the cache and empties it. Entry size is
 * counted as key bytes plus answer bytes plus {@value #ENTRY_OVERHEAD} bytes of bookkeeping.
 * Thread-safe: one lock around the map; a disabled cache costs one volatile read.
 */
public final class CoprCache {

  /** Bookkeeping bytes counted per entry (map node, key and array headers). */
  static final int ENTRY_OVERHEAD = 96;

  /** What identifies a cached answer: the canonical bytes of its determinants. */
  static final class CacheKey {
    private final byte[] bytes;
    private final int hash;

    CacheKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    int size() {
      return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CacheKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final LinkedHashMap<CacheKey, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final long admissionMaxBytes;
  private volatile long capacityBytes;
  private long usedBytes; // guarded by this
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder evicted = new LongAdder();

  /**
   * @param capacityBytes 0 for disabled
   * @param admissionMaxBytes answers larger than this are not kept
   */
  public CoprCache(long capacityBytes, long admissionMaxBytes) {
    if (capacityBytes < 0 || admissionMaxBytes < 0) {
      throw new IllegalArgumentException("negative copr-cache size: capacity " + capacityBytes + ", admission " + admissionMaxBytes);
    }
    this.capacityBytes = capacityBytes;
    this.admissionMaxBytes = admissionMaxBytes;
  }

  /** The key of a task's answer. */
  static CacheKey key(RegionVerId region, long tp, long startTs, List<KeyRange> ranges, byte[] payload) {
    int size = 8 * 5 + 4 + 4 + payload.length;
    for (KeyRange r : ranges) {
      size += 8 + r.start().length + r.end().length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(region.id()).putLong(region.confVer()).putLong(region.version()).putLong(tp).putLong(startTs);
    b.putInt(ranges.size());
    for (KeyRange r : ranges) {
      b.putInt(r.start().length).put(r.start()).putInt(r.end().length).put(r.end());
    }
    b.putInt(payload.length).put(payload);
    return new CacheKey(b.array());
  }

  public boolean enabled() {
    return capacityBytes > 0;
  }

  /** The cached answer, or null. The array is shared: callers must not modify it. */
  byte[] get(CacheKey key) {
    if (capacityBytes == 0) {
      return null;
    }
    byte[] v;
    synchronized (this) {
      v = entries.get(key);
    }
    (v == null ? misses : hits).increment();
    return v;
  }

  /** Offers a complete answer; kept when the cache is on and the answer is small enough. */
  void put(CacheKey key, byte[] answer) {
    long capacity = capacityBytes;
    long size = entrySize(key, answer);
    if (capacity == 0 || answer.length > admissionMaxBytes || size > capacity) {
      return;
    }
    synchronized (this) {
      byte[] old = entries.put(key, answer);
      if (old != null) {
        usedBytes -= entrySize(key, old);
      }
      usedBytes += size;
      admitted.increment();
      evictTo(capacityBytes);
    }
  }

  private static long entrySize(CacheKey key, byte[] answer) {
    return (long) key.size() + answer.length + ENTRY_OVERHEAD;
  }

  private void evictTo(long capacity) {
    Iterator<Map.Entry<CacheKey, byte[]>> it = entries.entrySet().iterator();
    while (usedBytes > capacity && it.hasNext()) {
      Map.Entry<CacheKey, byte[]> e = it.next();
      usedBytes -= entrySize(e.getKey(), e.getValue());
      it.remove();
      evicted.increment();
    }
  }

  /** Changes the capacity at once, evicting down to it; 0 disables the cache and empties it. */
  public synchronized void setCapacityBytes(long bytes) {
    if (bytes < 0 || bytes > CopConfig.MAX_CACHE_BYTES) {
      throw new IllegalArgumentException("copr-cache capacity must be in [0, 1 TiB]: " + bytes + " bytes");
    }
    capacityBytes = bytes;
    evictTo(bytes);
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  public synchronized int size() {
    return entries.size();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long admitted() {
    return admitted.sum();
  }

  public long evicted() {
    return evicted.sum();
  }
}
