package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import java.util.Arrays;

/**
 * The state both scan directions share: a CF lock and a CF write cursor over the encoded range,
 * the key each is on (fetched once per move, as a key read crosses JNI on RocksDB), and the rule
 * that turns a key's lock and data write into an entry.
 *
 * <p>A write cursor key is {@code enc(k) ++ desc64(commit_ts)}; the scanners compare its
 * {@code enc(k)} part in place against the lock cursor's {@code enc(k)}.
 */
abstract class CursorScanner implements MvccScanner {
  /**
   * Versions of one key a scanner steps over with {@code next}/{@code prev} before it seeks
   * instead (TiKV's SEEK_BOUND): a step is far cheaper than a seek, but a key with thousands of
   * versions must not cost thousands of steps.
   */
  static final int SEEK_BOUND = 8;

  final EngineReader view;
  final EngineIterator locks;
  final EngineIterator writes;
  final long ts;
  final boolean keyOnly;
  final ReadOptions options;
  /** The lock cursor's key, or null once it left the range. */
  byte[] lockKey;
  /** The write cursor's (versioned) key, or null once it left the range. */
  byte[] writeKey;
  private boolean closed;

  CursorScanner(
      EngineReader view, byte[] lower, byte[] upper, long ts, boolean keyOnly,
      ReadOptions options) {
    this.view = view;
    this.ts = ts;
    this.keyOnly = keyOnly;
    this.options = options;
    this.locks = view.iterator(ColumnFamily.LOCK, lower, upper);
    EngineIterator w;
    try {
      w = view.iterator(ColumnFamily.WRITE, lower, upper);
    } catch (RuntimeException e) {
      locks.close();
      throw e;
    }
    this.writes = w;
  }

  /**
   * The next visible entry: merges the lock and write cursors in scan order, reads the key's
   * lock, lets the read rule judge it, then its newest put or delete at or below ts.
   */
  @Override
  public final KvEntry next() {
    while (lockKey != null || writeKey != null) {
      // Negative: the lock cursor's key comes first in scan order; zero: both are on one key.
      int order = lockKey == null ? 1 : writeKey == null ? -1 : direction() * compareLockToWrite();
      boolean hasLock = order <= 0;
      byte[] current = hasLock ? lockKey : Keys.truncateTs(writeKey);
      Lock lock = null;
      if (hasLock) {
        lock = Lock.parse(locks.value());
        advanceLock();
      }
      LockVerdict verdict = verdict(current, lock);
      Write dataWrite = order >= 0 ? readWrites(current, verdict) : null;
      KvEntry e = entry(current, lock, verdict, dataWrite);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  /** 1 for a forward scan, -1 for a backward one. */
  abstract int direction();

  /** Moves the lock cursor to the next key in scan order. */
  abstract void advanceLock();

  /**
   * Leaves the write cursor past every version of {@code current} in scan order, returning the
   * key's newest put or delete with commit_ts ≤ ts when the verdict lets writes be read, else
   * null.
   */
  abstract Write readWrites(byte[] current, LockVerdict verdict);

  /**
   * Compares the lock cursor's key with the user key of the write cursor's key; both must be
   * non-null.
   */
  final int compareLockToWrite() {
    return Arrays.compareUnsigned(
        lockKey, 0, lockKey.length, writeKey, 0, writeKey.length - Keys.TS_LEN);
  }

  /** Whether the write cursor is on a version of {@code encodedKey}. */
  final boolean onVersionOf(byte[] encodedKey) {
    return writeKey != null && Keys.isVersionOf(writeKey, encodedKey);
  }

  final void settleWrite(boolean valid) {
    writeKey = valid ? writes.key() : null;
  }

  final void settleLock(boolean valid) {
    lockKey = valid ? locks.key() : null;
  }

  /**
   * The entry for encoded key {@code current} given its lock (or null) and, when the lock left
   * the decision to CF write, its newest data write visible at ts (or null); null when the key
   * has no visible value.
   */
  final KvEntry entry(byte[] current, Lock lock, LockVerdict verdict, Write dataWrite) {
    switch (verdict) {
      case BLOCKED -> {
        return LockVerdict.blocked(lock, Keys.decode(current));
      }
      case COMMITTED_DELETE -> {
        return null;
      }
      case COMMITTED_PUT -> {
        return new KvEntry(
            Keys.decode(current),
            keyOnly ? null : LockVerdict.committedValue(view, current, lock),
            null);
      }
      case READ_WRITES -> {
        if (dataWrite == null || dataWrite.type() != WriteType.PUT) {
          return null;
        }
        return new KvEntry(Keys.decode(current), keyOnly ? null : value(current, dataWrite), null);
      }
    }
    throw new AssertionError(verdict);
  }

  /** The verdict of {@code lock}, the lock of encoded key {@code current}; READ_WRITES for none. */
  final LockVerdict verdict(byte[] current, Lock lock) {
    return lock == null
        ? LockVerdict.READ_WRITES
        : LockVerdict.of(lock, Keys.decode(current), ts, options);
  }

  private byte[] value(byte[] current, Write put) {
    return put.shortValue() != null
        ? put.shortValue()
        : new MvccReader(view).loadDefault(current, put.startTs());
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writes.close();
    } finally {
      locks.close();
    }
  }
}
