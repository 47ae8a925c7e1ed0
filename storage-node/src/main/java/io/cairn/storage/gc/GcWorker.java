package io.cairn.storage.gc;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import java.util.Arrays;

/**
 * MVCC garbage collection below a safe point (TiKV's gc of CF write and default). For each
 * key, the records with commit_ts > safe point stay. Of the rest, the newest put stays — it
 * is what a read at the safe point sees — and everything older goes, with its value in CF
 * default; a delete that is the newest below the safe point goes too, since nothing older
 * remains for it to hide; rollback and lock records below the safe point go, as no
 * transaction that could still ask about them is alive.
 *
 * <p>Precondition (as in TiKV, where GC first resolves every lock below the safe point): no
 * transaction with start_ts ≤ safe point is still running. {@link #gc} checks that no lock
 * with start_ts ≤ safe point is left in the range and refuses otherwise. Because every
 * concurrent writer then writes only above the safe point, GC takes no latches. Deletes are
 * applied in batches of at most {@code batchKeys} user keys. Thread-safe.
 */
public final class GcWorker {
  private final KvEngine engine;
  private final int batchKeys;

  public GcWorker(KvEngine engine, int batchKeys) {
    if (batchKeys <= 0) {
      throw new IllegalArgumentException("batchKeys must be positive: " + batchKeys);
    }
    this.engine = engine;
    this.batchKeys = batchKeys;
  }

  /** What one GC run did. */
  public record Stats(long keysScanned, long writesDeleted, long valuesDeleted) {}

  /**
   * Collects the versions of raw user keys in {@code [start, end)} (null = unbounded) that no
   * read at or above {@code safePoint} needs.
   *
   * @throws IllegalStateException if a lock with start_ts ≤ safePoint is in the range
   */
  public Stats gc(long safePoint, byte[] start, byte[] end) {
    byte[] lower = start == null ? null : Keys.encode(start);
    byte[] upper = end == null ? null : Keys.encode(end);
    long keys = 0;
    long writes = 0;
    long values = 0;
    try (EngineSnapshot snap = engine.snapshot()) {
      try (EngineIterator locks = snap.iterator(ColumnFamily.LOCK, lower, upper)) {
        for (boolean ok = locks.seekToFirst(); ok; ok = locks.next()) {
          Lock lock = Lock.parse(locks.value());
          if (lock.startTs() <= safePoint) {
            throw new IllegalStateException("cannot GC at safe point " + safePoint
                + ": unresolved " + lock + " at " + Keys.hex(Keys.decode(locks.key())));
          }
        }
      }
      WriteBatch batch = engine.newWriteBatch();
      int keysInBatch = 0;
      try (EngineIterator it = snap.iterator(ColumnFamily.WRITE, lower, upper)) {
        byte[] current = null;
        boolean settled = false;
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          byte[] versioned = it.key();
          byte[] key = Keys.truncateTs(versioned);
          if (current == null || !Arrays.equals(current, key)) {
            if (keysInBatch >= batchKeys) {
              engine.write(batch);
              batch = engine.newWriteBatch();
              keysInBatch = 0;
            }
            current = key;
            settled = false;
            keys++;
            keysInBatch++;
          }
          long commitTs = Keys.decodeTs(versioned);
          if (commitTs > safePoint) {
            continue;
          }
          Write w = Write.parse(it.value());
          boolean keep = false;
          if (!settled && w.isDataChange()) {
            settled = true;
            keep = w.type() == WriteType.PUT;
          }
          if (!keep) {
            batch.delete(ColumnFamily.WRITE, versioned);
            writes++;
            if (w.type() == WriteType.PUT && w.shortValue() == null) {
              batch.delete(ColumnFamily.DEFAULT, Keys.appendTs(key, w.startTs()));
              values++;
            }
          }
        }
      }
      if (!batch.isEmpty()) {
        engine.write(batch);
      }
    }
    return new Stats(keys, writes, values);
  }
}
