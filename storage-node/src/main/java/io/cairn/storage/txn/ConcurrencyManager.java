package io.cairn.storage.txn;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest timestamp this store has promised readers (TiKV's concurrency manager
 * {@code max_ts}): every snapshot read a leader serves at ts, and every safe ts it advertises
 * for stale reads, raises it first. A commit timestamp the store picks itself (one-phase
 * commit) is above it, so no reader that already looked at a key can later find a version it
 * should have seen.
 *
 * <p>The value is per store and in memory: reads served by another store's leader before a
 * leadership change are not in it, so whoever picks commit timestamps on a region must first
 * raise it with a fresh PD timestamp taken after this store became that region's leader.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ConcurrencyManager {
  private final AtomicLong maxTs = new AtomicLong();

  /** Raises the maximum to {@code ts} if it is below it. */
  public void observe(long ts) {
    long cur = maxTs.get();
    while (ts > cur && !maxTs.compareAndSet(cur, ts)) {
      cur = maxTs.get();
    }
  }

  /** The largest timestamp observed so far; 0 before the first. */
  public long maxTs() {
    return maxTs.get();
  }
}
