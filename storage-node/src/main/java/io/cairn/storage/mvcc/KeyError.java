package io.cairn.storage.mvcc;

import java.util.List;

/**
 * A per-key transactional error, returned as a value by reads and commands (the gRPC layer
 * maps each variant to kvproto's KeyError). Keys are raw user keys; like every record with
 * array components, the variants compare arrays by identity, so match on the type and fields.
 */
public sealed interface KeyError {

  /** A lock of another transaction is in the way; resolve it and retry. */
  record Locked(LockInfo lock) implements KeyError {}

  /** Another transaction committed (or rolled back) the key after this one's start/for_update ts. */
  record WriteConflict(
      long startTs, long conflictStartTs, long conflictCommitTs, byte[] key, byte[] primary,
      Reason reason)
      implements KeyError {
    public enum Reason { OPTIMISTIC, PESSIMISTIC_RETRY, SELF_ROLLED_BACK }

    @Override
    public String toString() {
      return "WriteConflict[start_ts=" + startTs + " conflict_start_ts=" + conflictStartTs
          + " conflict_commit_ts=" + conflictCommitTs + " key=" + Keys.hex(key) + " " + reason + "]";
    }
  }

  /** An insert found a committed value. */
  record AlreadyExist(byte[] key) implements KeyError {
    @Override
    public String toString() {
      return "AlreadyExist[" + Keys.hex(key) + "]";
    }
  }

  /** check_txn_status or heartbeat found neither the lock nor a commit/rollback record. */
  record TxnNotFound(long startTs, byte[] primaryKey) implements KeyError {
    @Override
    public String toString() {
      return "TxnNotFound[start_ts=" + startTs + " primary=" + Keys.hex(primaryKey) + "]";
    }
  }

  /**
   * Waiting for {@code lockTs}'s lock on {@code lockKey} would close a cycle in the wait-for
   * graph; {@code waitChain} lists the cycle's edges.
   */
  record Deadlock(long lockTs, byte[] lockKey, long deadlockKeyHash, List<WaitForEntry> waitChain)
      implements KeyError {
    @Override
    public String toString() {
      return "Deadlock[lock_ts=" + lockTs + " key=" + Keys.hex(lockKey) + " chain=" + waitChain + "]";
    }
  }

  /** One edge of a wait-for cycle: {@code txn} waits for {@code waitForTxn} on a key. */
  record WaitForEntry(long txn, long waitForTxn, long keyHash, byte[] key) {
    @Override
    public String toString() {
      return txn + "->" + waitForTxn + "@" + Keys.hex(key);
    }
  }

  /** A commit below the lock's (pushed) min_commit_ts; retry with a newer commit_ts. */
  record CommitTsExpired(long startTs, long attemptedCommitTs, byte[] key, long minCommitTs)
      implements KeyError {}

  /**
   * Commit found neither the lock nor a commit record: the transaction was rolled back (by a
   * resolver after its TTL ran out). TiKV reports this as a retryable "txn lock not found".
   */
  record TxnLockNotFound(long startTs, long commitTs, byte[] key) implements KeyError {
    @Override
    public String toString() {
      return "TxnLockNotFound[start_ts=" + startTs + " commit_ts=" + commitTs + " key="
          + Keys.hex(key) + "]";
    }
  }

  /** Rollback/cleanup of a transaction that is already committed. */
  record Committed(long startTs, long commitTs, byte[] key) implements KeyError {}

  /** Anything else that makes the request fail for good (TiKV's KeyError.abort). */
  record Abort(String message) implements KeyError {}
}
