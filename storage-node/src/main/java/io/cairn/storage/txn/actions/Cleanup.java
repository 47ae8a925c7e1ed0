package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.reader.MvccReader;

/**
 * Rollback of one key of transaction {@code startTs} (TiKV txn/actions/cleanup). Our lock is
 * removed and a rollback record written — unless {@code currentTs} is non-zero and the lock's
 * TTL has not run out ({@code Locked}). Without our lock: committed → {@code Committed};
 * already rolled back → nothing; no record → a rollback record, so a late prewrite fails.
 */
public final class Cleanup {
  private Cleanup() {}

  /**
   * @param currentTs 0 to roll back unconditionally; otherwise only an expired lock is removed
   * @param protectRollback whether a rollback written for a missing lock is protected
   */
  public static void cleanup(
      MvccTxn txn, MvccReader reader, byte[] userKey, long startTs, long currentTs,
      boolean protectRollback) {
    byte[] key = Keys.encode(userKey);
    Lock lock = reader.loadLock(key);
    if (lock != null && lock.startTs() == startTs) {
      if (currentTs != 0 && !lock.isExpired(currentTs)) {
        throw Conflicts.error(new KeyError.Locked(lock.toLockInfo(userKey)));
      }
      Rollbacks.rollbackLock(txn, reader, key, lock);
      return;
    }
    switch (reader.getTxnCommitRecord(key, startTs)) {
      case TxnCommitRecord.Committed c ->
          throw Conflicts.error(new KeyError.Committed(startTs, c.commitTs(), userKey));
      case TxnCommitRecord.RolledBack r -> { }
      case TxnCommitRecord.None n -> Rollbacks.writeRollback(txn, reader, key, startTs, protectRollback);
    }
  }
}
