package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.region.RegionMeta;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The start_ts of every lock (CF {@code lock}) in one region replica, counted in memory, with
 * the applied index they are as of: what a leader needs to compute a safe ts without scanning
 * the region (TiKV's resolved-ts resolver). The state machine keeps it: every applied entry
 * updates it before the entry's index becomes visible, and a load, install or split rebuilds it
 * from the engine (a scan of the region's lock CF only, which holds the in-flight transactions'
 * locks, not the data).
 *
 * <p>Every lock counts, pessimistic ones too: a pessimistic lock becomes a prewrite lock at the
 * same start_ts, and counting it from the start keeps the safe ts from racing past it. A value
 * in CF lock that is not a lock (the Raft layer carries whatever the commands write) counts as
 * a lock at start_ts 0, which holds the region's safe ts at 0 until it is gone: never a wrong
 * stale read, and never a failed apply.
 *
 * <p>Thread-safe: the apply thread writes, the safe-ts task reads {@link #resolved()}, under
 * one monitor, so a reading is one consistent (index, locks) pair.
 */
final class RegionLocks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RegionLocks.class);

  /**
   * The locks as of {@code appliedIndex}: {@code minStartTs} is the smallest start_ts among
   * them, {@link Long#MAX_VALUE} when there are none; {@code count} how many there are.
   */
  record Resolved(long appliedIndex, long minStartTs, int count) {}

  private final Map<ByteBuffer, Long> startTsByKey = new HashMap<>();
  private final TreeMap<Long, Integer> countByStartTs = new TreeMap<>();
  private long appliedIndex;

  /** Forgets everything and counts the locks {@code reader} has in {@code meta}'s range. */
  synchronized void rebuild(EngineReader reader, RegionMeta meta, long index) {
    startTsByKey.clear();
    countByStartTs.clear();
    if (meta != null) {
      try (EngineIterator it = reader.iterator(ColumnFamily.LOCK,
          RegionKeys.dataStart(meta, ColumnFamily.LOCK), RegionKeys.dataEnd(meta, ColumnFamily.LOCK))) {
        for (boolean ok = it.seekToFirst(); ok; ok = it.next()) {
          add(it.key(), startTsOf(it.key(), it.value()));
        }
      }
    }
    appliedIndex = index;
  }

  /**
   * Counts the lock-CF changes among {@code mutations} (the entry at {@code index}, already
   * written). Returns false when a range deletion touched the lock CF: the caller rebuilds.
   */
  synchronized boolean apply(List<Mutation> mutations, long index) {
    for (Mutation m : mutations) {
      if (m.cf() != ColumnFamily.LOCK) {
        continue;
      }
      switch (m) {
        case Mutation.Put p -> {
          remove(p.key());
          add(p.key(), startTsOf(p.key(), p.value()));
        }
        case Mutation.Delete d -> remove(d.key());
        case Mutation.DeleteRange r -> {
          return false;
        }
      }
    }
    appliedIndex = index;
    return true;
  }

  /** An entry without lock changes (a no-op, a configuration, a meta change) was applied. */
  synchronized void advance(long index) {
    appliedIndex = Math.max(appliedIndex, index);
  }

  synchronized Resolved resolved() {
    return new Resolved(appliedIndex,
        countByStartTs.isEmpty() ? Long.MAX_VALUE : countByStartTs.firstKey(), startTsByKey.size());
  }

  private static long startTsOf(byte[] key, byte[] value) {
    try {
      return Lock.parse(value).startTs();
    } catch (IllegalArgumentException e) {
      LOG.warn("lock CF key {} holds no lock ({}); the region's safe ts stays at 0 while it is there",
          java.util.HexFormat.of().formatHex(key), e.getMessage());
      return 0;
    }
  }

  private void add(byte[] key, long startTs) {
    startTsByKey.put(ByteBuffer.wrap(key.clone()), startTs);
    countByStartTs.merge(startTs, 1, Integer::sum);
  }

  private void remove(byte[] key) {
    Long old = startTsByKey.remove(ByteBuffer.wrap(key));
    if (old != null) {
      countByStartTs.computeIfPresent(old, (ts, n) -> n == 1 ? null : n - 1);
    }
  }
}
