package io.cairn.kv;

/**
 * The write buffer of a transaction: a sorted map of pending writes and deletes, with nested
 * stages that can be rolled back on their own (TiDB's {@code kv.MemBuffer}).
 *
 * <h2>Reads</h2>
 * {@link #get} and the {@link Retriever} scans see only the buffer: {@code get} returns
 * {@code null} both for a key the buffer has never seen and for a buffered delete, and the
 * scans skip deletes. {@link #lookup} and {@link #iterateEntries} tell the two apart, which is
 * what a transaction needs to lay the buffer over a snapshot.
 *
 * <h2>Staging</h2>
 * {@link #staging()} opens a stage and returns its handle; stages nest. {@link #cleanup}
 * undoes every change made since its stage was opened (including changes of inner stages that
 * were released into it) and closes it; {@link #release} closes the stage and keeps its
 * changes, which then belong to the enclosing stage (or to the buffer when it was the
 * outermost). A SQL statement runs in its own stage, so a failed statement rolls back only
 * itself while the transaction goes on. Stages close innermost first: releasing or cleaning
 * up a stage while an inner one is open throws {@link IllegalStateException}, except that
 * {@code cleanup} of an already closed handle does nothing (so it can sit in a {@code finally}
 * block after a {@code release}).
 *
 * <h2>Accounting</h2>
 * {@link #len()} is the number of buffered keys (deletes included); {@link #size()} is the
 * sum of their key and value lengths. Both return to their earlier values after a
 * {@code cleanup}.
 *
 * <h2>Threads</h2>
 * Not thread-safe: a buffer belongs to one transaction, which is used by one thread at a time.
 * Writing invalidates open iterators.
 */
public interface MemBuffer extends Retriever, Mutator {

  /** The buffered entry for {@code key} (a write or a delete), or {@code null} if none. */
  BufferEntry lookup(Key key);

  /** The buffered entries of {@code range}, deletes included, in ascending key order. */
  KvIterator<BufferEntry> iterateEntries(KeyRange range);

  /** The buffered entries of {@code range}, deletes included, in descending key order. */
  KvIterator<BufferEntry> iterateEntriesReverse(KeyRange range);

  /** Opens a new innermost stage. */
  StagingHandle staging();

  /**
   * Closes the stage {@code handle}, keeping its changes.
   *
   * @throws IllegalStateException if {@code handle} is not the innermost open stage
   */
  void release(StagingHandle handle);

  /**
   * Closes the stage {@code handle} and undoes its changes. Does nothing if the handle is
   * already closed.
   *
   * @throws IllegalStateException if an inner stage of {@code handle} is still open
   */
  void cleanup(StagingHandle handle);

  /** The number of open stages. */
  int stagingDepth();

  /** The number of buffered keys, deletes included. */
  int len();

  /** The total length in bytes of the buffered keys and values. */
  long size();

  /** True when nothing is buffered. */
  default boolean isEmpty() {
    return len() == 0;
  }
}
