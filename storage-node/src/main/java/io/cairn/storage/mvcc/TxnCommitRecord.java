package io.cairn.storage.mvcc;

/** What CF write says about one transaction at one key. */
public sealed interface TxnCommitRecord {

  record Committed(long commitTs, Write write) implements TxnCommitRecord {}

  /** A rollback record, or a commit record of another transaction flagged overlapped-rollback. */
  record RolledBack() implements TxnCommitRecord {}

  /** Neither: the transaction never committed nor was rolled back here (or GC removed it). */
  record None() implements TxnCommitRecord {}
}
