package io.cairn.storage.mvcc.reader;

import java.util.Set;

/**
 * Per-read knowledge the client has about locks (TiKV's bypass_locks and access_locks).
 *
 * @param bypassLocks start_ts of transactions known to commit after the read ts (or not at
 *     all): their locks are ignored
 * @param committedLocks start_ts of transactions known committed at or before the read ts:
 *     their put/delete locks are read as if they were commit records
 */
public record ReadOptions(Set<Long> bypassLocks, Set<Long> committedLocks) {
  public static final ReadOptions DEFAULT = new ReadOptions(Set.of(), Set.of());

  public ReadOptions {
    bypassLocks = Set.copyOf(bypassLocks);
    committedLocks = Set.copyOf(committedLocks);
  }
}
