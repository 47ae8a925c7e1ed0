package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;

/**
 * Low-level MVCC reads of single keys over one engine view (normally a snapshot), used by
 * the write actions and by the readers. All keys are encoded keys ({@link Keys#encode}).
 * Not thread-safe; the caller owns (and closes) the engine view.
 */
public final class MvccReader {
  private final EngineReader engine;

  public MvccReader(EngineReader engine) {
    this.engine = engine;
  }

  public EngineReader engine() {
    return engine;
  }

  /** The lock at {@code key}, or {@code null}. */
  public Lock loadLock(byte[] key) {
    byte[] v = engine.get(ColumnFamily.LOCK, key);
    return v == null ? null : Lock.parse(v);
  }

  /** The newest commit record of {@code key} with commit_ts ≤ {@code ts}, of any type, or null. */
  public VersionedWrite seekWrite(byte[] key, long ts) {
    try (EngineIterator it =
        engine.iterator(ColumnFamily.WRITE, Keys.appendTs(key, ts), Keys.versionUpperBound(key))) {
      if (!it.seekToFirst()) {
        return null;
      }
      return new VersionedWrite(Keys.decodeTs(it.key()), Write.parse(it.value()));
    }
  }

  /** The commit record stored exactly at {@code commitTs}, or null. */
  public Write getWrite(byte[] key, long commitTs) {
    byte[] v = engine.get(ColumnFamily.WRITE, Keys.appendTs(key, commitTs));
    return v == null ? null : Write.parse(v);
  }

  /**
   * The newest put or delete of {@code key} with commit_ts ≤ {@code ts}, skipping rollback and
   * lock records, or null when there is none.
   */
  public VersionedWrite seekDataWrite(byte[] key, long ts) {
    try (EngineIterator it =
        engine.iterator(ColumnFamily.WRITE, Keys.appendTs(key, ts), Keys.versionUpperBound(key))) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        Write w = Write.parse(it.value());
        if (w.isDataChange()) {
          return new VersionedWrite(Keys.decodeTs(it.key()), w);
        }
      }
      return null;
    }
  }

  /** The value a put record stands for: inline, or CF default at {@code key + start_ts}. */
  public byte[] loadValue(byte[] key, Write write) {
    if (write.type() != WriteType.PUT) {
      throw new IllegalArgumentException("not a put: " + write);
    }
    if (write.shortValue() != null) {
      return write.shortValue();
    }
    return loadDefault(key, write.startTs());
  }

  /** CF default at {@code key + startTs}; its absence means the store is corrupt. */
  public byte[] loadDefault(byte[] key, long startTs) {
    byte[] v = engine.get(ColumnFamily.DEFAULT, Keys.appendTs(key, startTs));
    if (v == null) {
      throw new IllegalStateException(
          "default value not found for key " + Keys.hex(key) + " start_ts " + startTs);
    }
    return v;
  }

  /**
   * Whether the transaction {@code startTs} committed or was rolled back at {@code key}: looks
   * at every record with commit_ts ≥ start_ts, newest first.
   */
  public TxnCommitRecord getTxnCommitRecord(byte[] key, long startTs) {
    try (EngineIterator it =
        engine.iterator(
            ColumnFamily.WRITE, Keys.appendTs(key, Long.MAX_VALUE), Keys.versionUpperBound(key))) {
      for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
        long commitTs = Keys.decodeTs(it.key());
        if (commitTs < startTs) {
          break;
        }
        Write w = Write.parse(it.value());
        if (w.startTs() == startTs) {
          return w.type() == WriteType.ROLLBACK
              ? new TxnCommitRecord.RolledBack()
              : new TxnCommitRecord.Committed(commitTs, w);
        }
        if (commitTs == startTs && w.overlappedRollback()) {
          return new TxnCommitRecord.RolledBack();
        }
      }
      return new TxnCommitRecord.None();
    }
  }
}
