package io.cairn.kv;

/**
 * A {@link Getter} that can also scan key ranges in either direction.
 *
 * <p>Both scans take a {@link KeyRange}: the start is inclusive, the end exclusive, an empty
 * end is unbounded. Scans yield only present values (deleted keys are skipped). Each returned
 * iterator is owned, and must be closed, by the caller.
 */
public interface Retriever extends Getter {

  /** The entries of {@code range} in ascending key order. */
  KvIterator<KvPair> iterate(KeyRange range);

  /**
   * The entries of {@code range} in descending key order: the first one is the largest key
   * below {@code range.end()} (or the largest key of all when the end is unbounded), the last
   * one is at or above {@code range.start()}.
   */
  KvIterator<KvPair> iterateReverse(KeyRange range);
}
