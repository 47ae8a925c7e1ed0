package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.reader.MvccReader;

/**
 * pessimistic_rollback of one key: removes our pessimistic lock if its for_update_ts is at
 * most {@code forUpdateTs}; prewritten locks and other transactions' locks are left alone.
 * No rollback record: the transaction goes on and may lock the key again.
 */
public final class PessimisticRollback {
  private PessimisticRollback() {}

  public static void rollback(
      MvccTxn txn, MvccReader reader, byte[] userKey, long startTs, long forUpdateTs) {
    byte[] key = Keys.encode(userKey);
    Lock lock = reader.loadLock(key);
    if (lock != null && lock.isPessimisticLock() && lock.startTs() == startTs
        && lock.forUpdateTs() <= forUpdateTs) {
      txn.unlockKey(key);
    }
  }
}
