package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.reader.MvccReader;

/**
 * check_txn_status on the primary key (TiKV txn/actions/check_txn_status). With the primary
 * lock present: an expired TTL rolls it back; otherwise a reader at {@code callerStartTs} ≥
 * min_commit_ts pushes min_commit_ts to {@code max(callerStartTs + 1, currentTs)} so the
 * reader may ignore the transaction's locks, and the lock is reported. Without it: the commit
 * or rollback record answers; with neither, a protected rollback is written when
 * {@code rollbackIfNotExist} (the primary may still arrive: it must then fail), else
 * {@code TxnNotFound}.
 */
public final class CheckTxnStatus {
  private CheckTxnStatus() {}

  public static TxnStatus checkTxnStatus(
      MvccTxn txn, MvccReader reader, byte[] primary, long lockTs, long callerStartTs,
      long currentTs, boolean rollbackIfNotExist, boolean resolvingPessimisticLock) {
    byte[] key = Keys.encode(primary);
    Lock lock = reader.loadLock(key);
    if (lock != null && lock.startTs() == lockTs) {
      if (lock.isExpired(currentTs)) {
        if (resolvingPessimisticLock && lock.type() == LockType.PESSIMISTIC) {
          txn.unlockKey(key);
          return new TxnStatus.RolledBack(TxnStatus.RolledBack.How.PESSIMISTIC_ROLLED_BACK);
        }
        Rollbacks.rollbackLock(txn, reader, key, lock);
        return new TxnStatus.RolledBack(TxnStatus.RolledBack.How.TTL_EXPIRED);
      }
      if (lock.minCommitTs() != 0
          && callerStartTs != TimeStamps.MAX
          && callerStartTs >= lock.minCommitTs()) {
        Lock pushed = lock.withMinCommitTs(Math.max(callerStartTs + 1, currentTs));
        txn.putLock(key, pushed);
        return new TxnStatus.Uncommitted(pushed, true);
      }
      return new TxnStatus.Uncommitted(lock, false);
    }
    return switch (reader.getTxnCommitRecord(key, lockTs)) {
      case TxnCommitRecord.Committed c -> new TxnStatus.Committed(c.commitTs());
      case TxnCommitRecord.RolledBack r -> new TxnStatus.RolledBack(TxnStatus.RolledBack.How.ALREADY);
      case TxnCommitRecord.None n -> {
        if (!rollbackIfNotExist) {
          throw Conflicts.error(new KeyError.TxnNotFound(lockTs, primary));
        }
        Rollbacks.writeRollback(txn, reader, key, lockTs, true);
        yield new TxnStatus.RolledBack(TxnStatus.RolledBack.How.LOCK_NOT_EXIST);
      }
    };
  }
}
