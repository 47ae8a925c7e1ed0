package io.cairn.kv;

import java.util.Iterator;

/**
 * A forward-only cursor over the entries of a key range, in the order its creator promised
 * (ascending or descending key order).
 *
 * <p>Whoever opened the iterator closes it, also when it is abandoned before the end; closing
 * releases whatever the source holds for it (a scan stream, a pinned snapshot) and is
 * idempotent. {@link #hasNext()} and {@link #next()} may throw {@link KvException} when the
 * source fails mid-scan. An iterator is used by one thread at a time. An iterator over a
 * {@link MemBuffer} is invalidated by a write to that buffer (it then throws
 * {@link java.util.ConcurrentModificationException}).
 *
 * @param <T> the entry type
 */
public interface KvIterator<T> extends Iterator<T>, AutoCloseable {

  /** Releases the iterator's resources; further {@code hasNext()} calls return false. */
  @Override
  void close();
}
