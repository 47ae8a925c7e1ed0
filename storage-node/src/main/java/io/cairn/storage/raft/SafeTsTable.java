package io.cairn.storage.raft;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The safe ts a follower store has heard for each region, and the part of it a replica may
 * use: an update counts only once the replica has applied the index it was computed at
 * (TiKV's {@code read_progress}). Updates whose index is not applied yet wait in a short queue
 * per region; when it is full the newest waiting one is replaced, which only delays progress.
 *
 * <p>Thread-safe: updates arrive from the network, readers ask from request threads.
 */
final class SafeTsTable {
  static final int MAX_PENDING = 8;

  private final Map<Long, Progress> byRegion = new ConcurrentHashMap<>();

  /** Records {@code u}; one not above the last one heard for its region is ignored. */
  void offer(SafeTsUpdate u) {
    byRegion.computeIfAbsent(u.regionId(), id -> new Progress()).offer(u.appliedIndex(), u.safeTs());
  }

  /** The largest safe ts of the region whose index is at or below {@code appliedIndex}; 0 for none. */
  long usable(long regionId, long appliedIndex) {
    Progress p = byRegion.get(regionId);
    return p == null ? 0 : p.usable(appliedIndex);
  }

  /** The last safe ts heard for the region, usable or not; 0 for none. */
  long latest(long regionId) {
    Progress p = byRegion.get(regionId);
    return p == null ? 0 : p.latest();
  }

  private static final class Progress {
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private long usable;
    private long latest;

    synchronized void offer(long index, long safeTs) {
      if (safeTs <= latest) {
        return;
      }
      latest = safeTs;
      if (pending.size() == MAX_PENDING) {
        pending.pollLast();
      }
      pending.addLast(new long[] {index, safeTs});
    }

    synchronized long usable(long appliedIndex) {
      // indexes and ts both rise along the queue, so the ready ones are a prefix
      while (!pending.isEmpty() && pending.peekFirst()[0] <= appliedIndex) {
        usable = Math.max(usable, pending.pollFirst()[1]);
      }
      return usable;
    }

    synchronized long latest() {
      return latest;
    }
  }
}
