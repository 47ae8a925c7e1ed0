package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RequestContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Transactional reads at a timestamp (kv_get, kv_batch_get, kv_scan). Each call reads one
 * engine snapshot, so it sees every command either whole or not at all. Reads take no
 * latches.
 *
 * <p>The read rule at {@code ts}: a key's value is its newest put/delete commit record with
 * commit_ts ≤ ts (rollback and lock records are skipped), unless a lock blocks it. A lock
 * blocks when its start_ts ≤ ts, it is a put or delete lock (lock and pessimistic locks never
 * block), its min_commit_ts ≤ ts (a pushed lock commits after ts), its transaction is not in
 * {@link ReadOptions#bypassLocks}, and the read is not a read of the latest data
 * ({@link TimeStamps#MAX}) on the lock's own primary. Blocked keys come back as
 * {@link KeyError.Locked}.
 *
 * <p>Every read takes one snapshot of the request's region through the {@link RegionEngine}
 * seam (which checks the route and the keys); a scan never leaves the region.
 *
 * <p>Thread-safe; keys are raw user keys.
 */
public final class SnapshotReader {
  private final RegionEngine engine;

  public SnapshotReader(RegionEngine engine) {
    this.engine = engine;
  }

  /** The value of {@code key} at {@code ts}: value null when absent, or a lock error. */
  public KvEntry get(RequestContext ctx, byte[] key, long ts, ReadOptions options) {
    try (EngineSnapshot snap = engine.snapshot(ctx.withKeys(List.of(key)))) {
      return pointGet(new MvccReader(snap), key, ts, options);
    }
  }

  /** Point reads of {@code keys} from one snapshot; absent keys are left out, as TiKV does. */
  public List<KvEntry> batchGet(
      RequestContext ctx, List<byte[]> keys, long ts, ReadOptions options) {
    List<KvEntry> out = new ArrayList<>(keys.size());
    try (EngineSnapshot snap = engine.snapshot(ctx.withKeys(keys))) {
      MvccReader reader = new MvccReader(snap);
      for (byte[] key : keys) {
        KvEntry e = pointGet(reader, key, ts, options);
        if (e.isError() || e.value() != null) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /**
   * Up to {@code limit} visible entries (locked keys included, as errors) of
   * {@code [start, end)} at {@code ts}, ascending or, if {@code reverse}, descending. A null
   * {@code start}/{@code end} is unbounded. With {@code keyOnly} values are null. The range is
   * clamped to {@code ctx}'s region; the keys {@code ctx} names (e.g. the start key) are checked
   * to lie in it.
   */
  public List<KvEntry> scan(
      RequestContext ctx, byte[] start, byte[] end, int limit, long ts, boolean keyOnly, boolean reverse,
      ReadOptions options) {
    try (EngineSnapshot snap = engine.snapshot(ctx)) {
      return scan(snap, start, end, limit, ts, keyOnly, reverse, options);
    }
  }

  /**
   * {@link #scan(RequestContext, byte[], byte[], int, long, boolean, boolean, ReadOptions)} over
   * a snapshot the caller already holds (and closes), through an {@link MvccScanner}.
   */
  public static List<KvEntry> scan(
      EngineSnapshot snap, byte[] start, byte[] end, int limit, long ts, boolean keyOnly,
      boolean reverse, ReadOptions options) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    List<KvEntry> out = new ArrayList<>(Math.min(limit, 1024));
    if (limit == 0) {
      return out;
    }
    try (MvccScanner scanner = MvccScanner.open(snap, start, end, ts, keyOnly, reverse, options)) {
      for (KvEntry e; out.size() < limit && (e = scanner.next()) != null; ) {
        out.add(e);
      }
    }
    return out;
  }

  private static KvEntry pointGet(MvccReader reader, byte[] key, long ts, ReadOptions options) {
    byte[] encoded = Keys.encode(key);
    return read(reader, encoded, key, reader.loadLock(encoded), ts, options);
  }

  private static KvEntry read(
      MvccReader reader, byte[] encoded, byte[] userKey, Lock lock, long ts, ReadOptions options) {
    if (lock != null) {
      switch (LockVerdict.of(lock, userKey, ts, options)) {
        case COMMITTED_PUT -> {
          return new KvEntry(userKey, LockVerdict.committedValue(reader.engine(), encoded, lock), null);
        }
        case COMMITTED_DELETE -> {
          return new KvEntry(userKey, null, null);
        }
        case BLOCKED -> {
          return LockVerdict.blocked(lock, userKey);
        }
        case READ_WRITES -> {}
      }
    }
    VersionedWrite w = reader.seekDataWrite(encoded, ts);
    if (w == null || w.write().type() == WriteType.DELETE) {
      return new KvEntry(userKey, null, null);
    }
    return new KvEntry(userKey, reader.loadValue(encoded, w.write()), null);
  }
}
