package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.TimeStamps;
import java.util.Arrays;

/**
 * What a key's lock means for a read at a timestamp: the one copy of the lock half of the read
 * rule (see {@link SnapshotReader}), shared by point reads and the scanners.
 */
enum LockVerdict {
  /** The lock does not matter: the key's commit records decide. */
  READ_WRITES,
  /** The lock's transaction is known committed ({@link ReadOptions#committedLocks}): its put is the value. */
  COMMITTED_PUT,
  /** The lock's transaction is known committed and deletes the key: the key is absent. */
  COMMITTED_DELETE,
  /** The lock blocks the read: the key comes back as {@link KeyError.Locked}. */
  BLOCKED;

  /**
   * The verdict of {@code lock} (on raw user key {@code userKey}) for a read at {@code ts}.
   * A known-committed put/delete lock wins over every other rule, as in TiKV's access_locks.
   */
  static LockVerdict of(Lock lock, byte[] userKey, long ts, ReadOptions options) {
    if (options.committedLocks().contains(lock.startTs())) {
      if (lock.type() == LockType.PUT) {
        return COMMITTED_PUT;
      }
      if (lock.type() == LockType.DELETE) {
        return COMMITTED_DELETE;
      }
    }
    return blocks(lock, userKey, ts, options) ? BLOCKED : READ_WRITES;
  }

  /** TiKV's check_ts_conflict: whether {@code lock} keeps a read at {@code ts} from the key. */
  private static boolean blocks(Lock lock, byte[] userKey, long ts, ReadOptions options) {
    if (lock.startTs() > ts
        || lock.type() == LockType.LOCK
        || lock.type() == LockType.PESSIMISTIC
        || lock.minCommitTs() > ts
        || options.bypassLocks().contains(lock.startTs())) {
      return false;
    }
    // Reading the latest version of a primary: its committed data is the answer.
    return !(ts == TimeStamps.MAX && Arrays.equals(userKey, lock.primary()));
  }

  /** The error of a read that {@code lock} blocks at raw user key {@code userKey}. */
  static KvEntry blocked(Lock lock, byte[] userKey) {
    return new KvEntry(userKey, null, new KeyError.Locked(lock.toLockInfo(userKey)));
  }

  /** The value a known-committed put lock stands for: inline, or CF default at its start_ts. */
  static byte[] committedValue(EngineReader engine, byte[] encodedKey, Lock lock) {
    return lock.shortValue() != null
        ? lock.shortValue()
        : new MvccReader(engine).loadDefault(encodedKey, lock.startTs());
  }
}
