package io.cairn.storage.txn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
 * <p>Picking a commit timestamp and applying it are two steps, and a reader may raise the
 * maximum between them; so a command that picks one first takes {@link #lockKeys memory locks}
 * on its (raw, user) keys, then reads {@link #maxTs()}. A reader raises the maximum, then
 * {@link #awaitKeys waits} for the memory locks on what it reads whose commit timestamp is
 * unknown or not above its own: either the committer read the maximum after the reader raised
 * it (its commit ts is above the read ts), or its memory lock was already visible to the
 * reader, which then reads after the commit was applied. A memory lock never waits for a
 * reader, so no deadlock is possible.
 *
 * <p>Thread-safe; {@link #observe} and {@link #maxTs} are lock-free.
 */
public final class ConcurrencyManager {
  private final AtomicLong maxTs = new AtomicLong();
  private final ConcurrentSkipListMap<byte[], KeyGuard> memLocks =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

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

  /**
   * Takes memory locks on {@code userKeys} until the returned guard is closed. The caller
   * holds the keys' latches, so no other live guard covers them; a guard left behind by a
   * command that already applied its write is replaced.
   */
  public KeyGuard lockKeys(List<byte[]> userKeys) {
    KeyGuard guard = new KeyGuard(List.copyOf(userKeys));
    for (byte[] k : guard.keys) {
      memLocks.put(k, guard);
    }
    return guard;
  }

  /**
   * Waits until no memory lock on {@code userKeys} may commit at or below {@code readTs}. Call
   * after {@link #observe}{@code (readTs)} and before taking the read's snapshot.
   */
  public void awaitKeys(long readTs, List<byte[]> userKeys) {
    if (memLocks.isEmpty()) {
      return;
    }
    for (byte[] k : userKeys) {
      KeyGuard g = memLocks.get(k);
      if (g != null) {
        g.awaitIfVisibleTo(readTs);
      }
    }
  }

  /**
   * {@link #awaitKeys} for every key in {@code [start, end)}; a null bound is unbounded.
   */
  public void awaitRange(long readTs, byte[] start, byte[] end) {
    if (memLocks.isEmpty()) {
      return;
    }
    ConcurrentNavigableMap<byte[], KeyGuard> range;
    if (start == null && end == null) {
      range = memLocks;
    } else if (start == null) {
      range = memLocks.headMap(end, false);
    } else if (end == null) {
      range = memLocks.tailMap(start, true);
    } else if (Arrays.compareUnsigned(start, end) >= 0) {
      return;
    } else {
      range = memLocks.subMap(start, true, end, false);
    }
    for (Map.Entry<byte[], KeyGuard> e : range.entrySet()) {
      e.getValue().awaitIfVisibleTo(readTs);
    }
  }

  /** Number of keys under memory locks (for tests and metrics). */
  public int memoryLockCount() {
    return memLocks.size();
  }

  /**
   * Memory locks of one command on its keys. {@link #setCommitTs} once the commit timestamp is
   * chosen; {@link #close} after the write is applied (or failed). Used by one thread.
   */
  public final class KeyGuard implements AutoCloseable {
    private final List<byte[]> keys;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    // 0 until chosen: a reader must then wait, as the commit ts may end up at or below its ts
    private volatile long commitTs;

    private KeyGuard(List<byte[]> keys) {
      this.keys = keys;
    }

    public void setCommitTs(long commitTs) {
      this.commitTs = commitTs;
    }

    private void awaitIfVisibleTo(long readTs) {
      long ts = commitTs;
      if (ts != 0 && ts > readTs) {
        return;
      }
      released.join();
    }

    @Override
    public void close() {
      for (byte[] k : keys) {
        memLocks.remove(k, this);
      }
      released.complete(null);
    }
  }
}
