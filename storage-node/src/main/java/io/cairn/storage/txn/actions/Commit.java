package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.MvccReader;

/**
 * Commit of one key (TiKV txn/actions/commit). With our lock present: refuse a commit_ts
 * below the lock's min_commit_ts ({@code CommitTsExpired}), else write the commit record and
 * remove the lock; a leftover pessimistic lock commits as a lock record. Without it: our
 * commit record means a retry (success); a rollback record or nothing means the transaction
 * was rolled back ({@code TxnLockNotFound}).
 */
public final class Commit {
  private Commit() {}

  public static void commit(
      MvccTxn txn, MvccReader reader, byte[] userKey, long startTs, long commitTs) {
    if (commitTs <= startTs) {
      throw Conflicts.error(new KeyError.Abort(
          "invalid commit_ts " + commitTs + " for start_ts " + startTs));
    }
    byte[] key = Keys.encode(userKey);
    Lock lock = reader.loadLock(key);
    if (lock != null && lock.startTs() == startTs) {
      if (commitTs < lock.minCommitTs()) {
        throw Conflicts.error(
            new KeyError.CommitTsExpired(startTs, commitTs, userKey, lock.minCommitTs()));
      }
      Write write = Write.of(WriteType.fromLockType(lock.type()), startTs, lock.shortValue());
      Write taken = reader.getWrite(key, commitTs);
      if (taken != null && taken.type() == WriteType.ROLLBACK) {
        // The rollback of the transaction that started at our commit_ts must survive.
        write = write.withOverlappedRollback();
      }
      txn.putWrite(key, commitTs, write);
      txn.unlockKey(key);
      return;
    }
    if (!(reader.getTxnCommitRecord(key, startTs) instanceof TxnCommitRecord.Committed)) {
      throw Conflicts.error(new KeyError.TxnLockNotFound(startTs, commitTs, userKey));
    }
  }
}
