package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.MvccReader;
import java.util.Arrays;

/** Writing rollback records, shared by cleanup, rollback, check_txn_status and resolve_lock. */
final class Rollbacks {
  private Rollbacks() {}

  /** Removes {@code lock} (and its long value) and leaves a rollback record. */
  static void rollbackLock(MvccTxn txn, MvccReader reader, byte[] key, Lock lock) {
    if (lock.type() == LockType.PUT && lock.shortValue() == null) {
      txn.deleteValue(key, lock.startTs());
    }
    // Only the primary of a pessimistic transaction needs a protected rollback, as in TiKV.
    boolean protect = lock.isPessimisticTxn() && Arrays.equals(Keys.encode(lock.primary()), key);
    writeRollback(txn, reader, key, lock.startTs(), protect);
    txn.unlockKey(key);
  }

  /**
   * Records that {@code startTs} is rolled back at {@code key}. If another transaction
   * committed this key at commit_ts = startTs, the record slot is taken: its commit record gets
   * the overlapped-rollback flag instead.
   */
  static void writeRollback(MvccTxn txn, MvccReader reader, byte[] key, long startTs, boolean protect) {
    Write existing = reader.getWrite(key, startTs);
    if (existing == null) {
      txn.putWrite(key, startTs, Write.rollback(startTs, protect));
    } else if (existing.type() != WriteType.ROLLBACK && !existing.overlappedRollback()) {
      txn.putWrite(key, startTs, existing.withOverlappedRollback());
    }
  }
}
