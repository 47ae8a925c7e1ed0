package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;

/**
 * A transactional scan of a key range at one timestamp, pulled one visible key at a time: the
 * streaming form of {@link SnapshotReader#scan}, with the same read rule (see
 * {@link SnapshotReader}). Implementations keep a cursor over CF write and one over CF lock open
 * for the whole scan and walk them side by side (TiKV's ForwardKvScanner/BackwardKvScanner), so a
 * key costs a few {@code next()} calls instead of fresh seeks.
 *
 * <p>Contract: {@link #next()} returns the visible entries of the range in key order
 * (descending for a reverse scan): a key with a value, or a key whose read a lock blocks (as
 * {@link io.cairn.storage.mvcc.KeyError.Locked}); keys without a visible value are skipped and
 * never returned. With {@code keyOnly} values are null and CF default is never read. Returns
 * null once the range is exhausted (and keeps returning null). The caller closes the scanner,
 * before it closes the engine view; closing is idempotent, and {@link #next()} must not be called
 * after it. Not thread-safe. Keys are raw user
 * keys; returned arrays must not be modified.
 */
public interface MvccScanner extends AutoCloseable {

  /** The next visible entry, or null when the range is exhausted. */
  KvEntry next();

  /** Closes the engine cursors. */
  @Override
  void close();

  /**
   * A scanner over {@code [start, end)} (raw user keys; null is unbounded) of {@code view} at
   * {@code ts}. The view (normally a snapshot) must stay open until the scanner is closed.
   */
  static MvccScanner open(
      EngineReader view, byte[] start, byte[] end, long ts, boolean keyOnly, boolean reverse,
      ReadOptions options) {
    byte[] lower = start == null ? null : Keys.encode(start);
    byte[] upper = end == null ? null : Keys.encode(end);
    return reverse
        ? new BackwardScanner(view, lower, upper, ts, keyOnly, options)
        : new ForwardScanner(view, lower, upper, ts, keyOnly, options);
  }
}
