package io.cairn.storage.txn.actions;

import io.cairn.storage.mvcc.Lock;

/** The outcome of check_txn_status on a primary key. */
public sealed interface TxnStatus {

  record Committed(long commitTs) implements TxnStatus {}

  /** The transaction is (now) rolled back; {@code how} says what this call did. */
  record RolledBack(How how) implements TxnStatus {
    public enum How {
      /** It was rolled back before this call. */
      ALREADY,
      /** The primary lock's TTL ran out: this call rolled it back. */
      TTL_EXPIRED,
      /** No lock and no record: this call wrote a protected rollback record. */
      LOCK_NOT_EXIST,
      /** An expired pessimistic primary lock was simply removed. */
      PESSIMISTIC_ROLLED_BACK
    }
  }

  /**
   * Still running: the primary lock (after any push) and whether this call pushed its
   * min_commit_ts past the caller's start_ts.
   */
  record Uncommitted(Lock lock, boolean minCommitTsPushed) implements TxnStatus {
    public long ttl() {
      return lock.ttl();
    }

    public long minCommitTs() {
      return lock.minCommitTs();
    }
  }
}
