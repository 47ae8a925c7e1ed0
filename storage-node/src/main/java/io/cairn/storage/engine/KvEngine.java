package io.cairn.storage.engine;

/**
 * An ordered key-value engine with the column families of {@link ColumnFamily}: the storage
 * under MVCC and Raft. Implementations: {@code RocksEngine} (on disk) and
 * {@code MemoryEngine} (sorted maps, for tests and {@code unistore://}). Both pass the same
 * contract suite.
 *
 * <p>Thread-safe: reads, snapshots and writes may run concurrently. Writes are applied in
 * some serial order, and each batch is atomic both for concurrent readers and across a
 * crash.
 */
public interface KvEngine extends EngineReader, AutoCloseable {

  /** A consistent view as of now; see {@link EngineSnapshot}. */
  EngineSnapshot snapshot();

  /** An empty batch bound to this engine. */
  WriteBatch newWriteBatch();

  /**
   * Applies {@code batch} atomically. When this returns, the batch is visible to new reads
   * and snapshots; whether it is on disk depends on {@code sync} (with the WAL on, an
   * unsynced batch survives a process crash but not a machine crash).
   */
  void write(WriteBatch batch, boolean sync);

  default void write(WriteBatch batch) {
    write(batch, false);
  }

  /** Releases the engine; idempotent. Open snapshots and iterators must be closed first. */
  @Override
  void close();
}
