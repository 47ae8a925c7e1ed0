package io.cairn.storage.engine;

/**
 * Mutations collected in order and applied atomically by {@link KvEngine#write}: after a
 * crash either all of them are present or none. Later operations on the same key win.
 * Not thread-safe.
 */
public interface WriteBatch {

  void put(ColumnFamily cf, byte[] key, byte[] value);

  void delete(ColumnFamily cf, byte[] key);

  /** Deletes every key in {@code [startKey, endKey)} of {@code cf}. */
  void deleteRange(ColumnFamily cf, byte[] startKey, byte[] endKey);

  /** Number of operations added so far. */
  int count();

  default boolean isEmpty() {
    return count() == 0;
  }

  /** Approximate bytes of keys and values added so far. */
  long dataSize();

  /** Forgets every operation so the batch can be reused. */
  void clear();
}
