package io.cairn.storage.engine.memory;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-memory {@link KvEngine} on concurrent skip lists, used by {@code unistore://} and by
 * tests.
 *
 * <p>Layout: each column family is one skip list ordered by (user key ascending, sequence
 * number descending). A write batch gets the next sequence number, all its entries are
 * inserted with it, and only then is the number published as visible. A snapshot is just a
 * visible sequence number: it reads, for each user key, the newest entry whose sequence is
 * at most its own; {@link #TOMBSTONE} entries hide the key. Two operations of one batch on
 * the same key share the entry (key, seq), so the later simply replaces the earlier.
 *
 * <p>Old versions are pruned when a key is written again: every version older than the
 * newest one visible to the oldest open snapshot goes. Snapshots and live iterators register
 * their sequence number so pruning never removes what they can see. A live point get does not
 * register (that would serialize every get on the write lock); it reads at the visible sequence
 * number and retries if a batch was published meanwhile, because only a later batch's pruning
 * can remove the version it was looking for.
 *
 * <p>After {@link #close()}, every snapshot and iterator of this engine throws
 * {@link IllegalStateException} when used, like the RocksDB engine whose native handles are gone;
 * so does an iterator of a closed snapshot, whose versions pruning may already have removed.
 */
public final class MemoryEngine implements KvEngine {

  /** Marks a deleted key; compared by identity. */
  private static final byte[] TOMBSTONE = new byte[0];
  /** Optimistic attempts of a live get before it registers its sequence number instead. */
  private static final int GET_ATTEMPTS = 4;

  private final Map<ColumnFamily, ConcurrentSkipListMap<VersionedKey, byte[]>> families =
      new EnumMap<>(ColumnFamily.class);
  private final Object writeLock = new Object();
  /** Open snapshot sequence numbers, with the number of holders of each. */
  private final ConcurrentSkipListMap<Long, Integer> liveSnapshots = new ConcurrentSkipListMap<>();
  private volatile long visibleSeq;
  private volatile boolean closed;

  public MemoryEngine() {
    for (ColumnFamily cf : ColumnFamily.values()) {
      families.put(cf, new ConcurrentSkipListMap<>());
    }
  }

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    ensureOpen();
    // Entries of a batch are inserted before the batch is published; reading the newest entry
    // regardless of its sequence would let a reader see half a batch across two gets.
    for (int attempt = 0; attempt < GET_ATTEMPTS; attempt++) {
      long seq = visibleSeq;
      byte[] value = visibleValue(cf, key, seq);
      if (visibleSeq == seq) {
        return value;
      }
    }
    long seq = acquire();
    try {
      return visibleValue(cf, key, seq);
    } finally {
      release(seq);
    }
  }

  @Override
  public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
    ensureOpen();
    long seq = acquire();
    return new MemoryIterator(
        families.get(cf), seq, lowerBound, upperBound, this::ensureOpen, () -> release(seq));
  }

  @Override
  public EngineSnapshot snapshot() {
    ensureOpen();
    return new Snapshot(acquire());
  }

  @Override
  public WriteBatch newWriteBatch() {
    return new MemoryWriteBatch();
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    ensureOpen();
    if (!(batch instanceof MemoryWriteBatch memoryBatch)) {
      throw new IllegalArgumentException("not a batch of this engine: " + batch.getClass());
    }
    if (memoryBatch.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      long seq = visibleSeq + 1;
      List<Touched> touched = new ArrayList<>(memoryBatch.count());
      for (MemoryWriteBatch.Op op : memoryBatch.ops()) {
        ConcurrentSkipListMap<VersionedKey, byte[]> map = families.get(op.cf());
        switch (op.kind()) {
          case PUT -> {
            map.put(new VersionedKey(op.key(), seq), op.value());
            touched.add(new Touched(op.cf(), op.key()));
          }
          case DELETE -> {
            map.put(new VersionedKey(op.key(), seq), TOMBSTONE);
            touched.add(new Touched(op.cf(), op.key()));
          }
          case DELETE_RANGE -> {
            // Tombstone every key visible now or written earlier in this batch.
            try (MemoryIterator it =
                new MemoryIterator(map, seq, op.key(), op.value(), () -> {}, () -> {})) {
              for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
                byte[] k = it.key();
                map.put(new VersionedKey(k, seq), TOMBSTONE);
                touched.add(new Touched(op.cf(), k));
              }
            }
          }
        }
      }
      visibleSeq = seq;
      Map.Entry<Long, Integer> oldest = liveSnapshots.firstEntry();
      long horizon = oldest == null ? seq : Math.min(oldest.getKey(), seq);
      for (Touched t : touched) {
        prune(families.get(t.cf()), t.key(), horizon);
      }
    }
  }

  /** Drops the versions of {@code key} that no reader at or after {@code horizon} can see. */
  private static void prune(
      ConcurrentSkipListMap<VersionedKey, byte[]> map, byte[] key, long horizon) {
    Map.Entry<VersionedKey, byte[]> keep = map.ceilingEntry(new VersionedKey(key, horizon));
    if (keep == null || !Arrays.equals(keep.getKey().userKey(), key)) {
      return;
    }
    // Everything after `keep` for this key is older and shadowed for every live reader.
    VersionedKey from = keep.getKey();
    map.subMap(from, false, new VersionedKey(key, Long.MIN_VALUE), true).clear();
    if (keep.getValue() == TOMBSTONE) {
      VersionedKey newer = map.lowerKey(from);
      if (newer == null || !Arrays.equals(newer.userKey(), key)) {
        // The tombstone is the newest version and every reader sees it: the key is gone.
        map.remove(from, TOMBSTONE);
      }
    }
  }

  private long acquire() {
    synchronized (writeLock) {
      long seq = visibleSeq;
      liveSnapshots.merge(seq, 1, Integer::sum);
      return seq;
    }
  }

  private void release(long seq) {
    liveSnapshots.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
  }

  private byte[] visibleValue(ColumnFamily cf, byte[] key, long seq) {
    Map.Entry<VersionedKey, byte[]> e = families.get(cf).ceilingEntry(new VersionedKey(key, seq));
    if (e == null || e.getValue() == TOMBSTONE || !Arrays.equals(e.getKey().userKey(), key)) {
      return null;
    }
    return e.getValue();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Number of stored entries of {@code cf}, versions and tombstones included (for tests). */
  int rawEntryCount(ColumnFamily cf) {
    return families.get(cf).size();
  }

  private record Touched(ColumnFamily cf, byte[] key) {}

  private final class Snapshot implements EngineSnapshot {
    private final long seq;
    private final AtomicBoolean closed = new AtomicBoolean();

    Snapshot(long seq) {
      this.seq = seq;
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
      ensureSnapshotOpen();
      return visibleValue(cf, key, seq);
    }

    @Override
    public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
      ensureSnapshotOpen();
      // The iterator reads through this snapshot's registration, so it dies with the snapshot.
      return new MemoryIterator(
          families.get(cf), seq, lowerBound, upperBound, this::ensureSnapshotOpen, () -> {});
    }

    private void ensureSnapshotOpen() {
      ensureOpen();
      if (closed.get()) {
        throw new IllegalStateException("snapshot is closed");
      }
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(seq);
      }
    }
  }

  /** Iterates the versions visible at {@code seq}, skipping tombstones, within bounds. */
  static final class MemoryIterator implements EngineIterator {
    private final ConcurrentSkipListMap<VersionedKey, byte[]> map;
    private final long seq;
    private final byte[] lower;
    private final byte[] upper;
    /** Throws when the engine is closed. */
    private final Runnable checkEngineOpen;
    private final Runnable onClose;
    private byte[] key;
    private byte[] value;
    /**
     * The skip list's own iterator, just past the entry of the current position, kept across
     * {@link #next()} calls so that a forward walk costs no search per step. Set only by
     * {@code next}; every other move drops it. Safe because the versions this view can see are
     * never pruned while it is registered, and entries are visited in key order, so the first
     * entry of a key at or below {@link #seq} is its visible version whatever else the skip list
     * gains or loses meanwhile.
     */
    private Iterator<Map.Entry<VersionedKey, byte[]>> ahead;
    private boolean closed;

    MemoryIterator(
        ConcurrentSkipListMap<VersionedKey, byte[]> map,
        long seq,
        byte[] lower,
        byte[] upper,
        Runnable checkEngineOpen,
        Runnable onClose) {
      this.map = map;
      this.seq = seq;
      this.lower = lower;
      this.upper = upper;
      this.checkEngineOpen = checkEngineOpen;
      this.onClose = onClose;
    }

    @Override
    public boolean seek(byte[] target) {
      ensureUsable();
      byte[] from = lower != null && compare(target, lower) < 0 ? lower : target;
      return forwardFrom(map.ceilingKey(new VersionedKey(from, Long.MAX_VALUE)));
    }

    @Override
    public boolean seekForPrev(byte[] target) {
      ensureUsable();
      if (upper != null && compare(target, upper) >= 0) {
        return seekToLast();
      }
      return backwardFrom(map.floorKey(new VersionedKey(target, Long.MIN_VALUE)));
    }

    @Override
    public boolean seekToFirst() {
      return seek(lower == null ? new byte[0] : lower);
    }

    @Override
    public boolean seekToLast() {
      ensureUsable();
      VersionedKey start =
          upper == null ? lastKeyOrNull() : map.lowerKey(new VersionedKey(upper, Long.MAX_VALUE));
      return backwardFrom(start);
    }

    private VersionedKey lastKeyOrNull() {
      Map.Entry<VersionedKey, byte[]> last = map.lastEntry();
      return last == null ? null : last.getKey();
    }

    @Override
    public boolean next() {
      requireValid();
      if (ahead == null) {
        ahead = map.tailMap(new VersionedKey(key, Long.MIN_VALUE), false).entrySet().iterator();
      }
      byte[] from = key;
      while (ahead.hasNext()) {
        Map.Entry<VersionedKey, byte[]> e = ahead.next();
        byte[] k = e.getKey().userKey();
        if (upper != null && compare(k, upper) >= 0) {
          break;
        }
        if (e.getKey().seq() > seq || Arrays.equals(k, from)) {
          // Newer than this view, or an older version of a key already decided.
          continue;
        }
        if (e.getValue() == TOMBSTONE) {
          from = k;
          continue;
        }
        key = k;
        value = e.getValue();
        return true;
      }
      return invalidate();
    }

    @Override
    public boolean prev() {
      requireValid();
      return backwardFrom(map.lowerKey(new VersionedKey(key, Long.MAX_VALUE)));
    }

    /** Settles on the first visible key at or after the entry {@code at}. */
    private boolean forwardFrom(VersionedKey at) {
      while (at != null) {
        byte[] k = at.userKey();
        if (upper != null && compare(k, upper) >= 0) {
          break;
        }
        Map.Entry<VersionedKey, byte[]> visible = map.ceilingEntry(new VersionedKey(k, seq));
        if (visible != null
            && Arrays.equals(visible.getKey().userKey(), k)
            && visible.getValue() != TOMBSTONE) {
          return position(k, visible.getValue());
        }
        at = map.higherKey(new VersionedKey(k, Long.MIN_VALUE));
      }
      return invalidate();
    }

    /** Settles on the last visible key at or before the entry {@code at}. */
    private boolean backwardFrom(VersionedKey at) {
      while (at != null) {
        byte[] k = at.userKey();
        if (lower != null && compare(k, lower) < 0) {
          break;
        }
        Map.Entry<VersionedKey, byte[]> visible = map.ceilingEntry(new VersionedKey(k, seq));
        if (visible != null
            && Arrays.equals(visible.getKey().userKey(), k)
            && visible.getValue() != TOMBSTONE) {
          return position(k, visible.getValue());
        }
        at = map.lowerKey(new VersionedKey(k, Long.MAX_VALUE));
      }
      return invalidate();
    }

    private boolean position(byte[] k, byte[] v) {
      key = k;
      value = v;
      ahead = null;
      return true;
    }

    private boolean invalidate() {
      key = null;
      value = null;
      ahead = null;
      return false;
    }

    @Override
    public boolean valid() {
      return key != null;
    }

    @Override
    public byte[] key() {
      requireValid();
      return key;
    }

    @Override
    public byte[] value() {
      requireValid();
      return value;
    }

    private void ensureUsable() {
      if (closed) {
        throw new IllegalStateException("iterator is closed");
      }
      checkEngineOpen.run();
    }

    private void requireValid() {
      ensureUsable();
      if (key == null) {
        throw new IllegalStateException("iterator is not positioned on a key");
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        key = null;
        onClose.run();
      }
    }
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /** A user key and the sequence number of the batch that wrote it; newest version first. */
  record VersionedKey(byte[] userKey, long seq) implements Comparable<VersionedKey> {
    @Override
    public int compareTo(VersionedKey o) {
      int c = Arrays.compareUnsigned(userKey, o.userKey);
      return c != 0 ? c : Long.compare(o.seq, seq);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VersionedKey v && seq == v.seq && Arrays.equals(userKey, v.userKey);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(userKey) * 31 + Long.hashCode(seq);
    }
  }
}
