package io.cairn.pd.storage;

import java.io.Closeable;
import java.util.SortedMap;

/**
 * A small durable key-value map holding PD's metadata (cluster id, bootstrap flag, TSO window,
 * id allocator bound, stores, regions, GC safe points).
 *
 * <p>Contract:
 * <ul>
 *   <li>Keys are non-null strings; values are non-null byte arrays. {@link #get} returns
 *       {@code null} for an absent key. Returned arrays are copies the caller may keep.</li>
 *   <li>{@link #write} applies a whole batch atomically: after a crash either all of its
 *       operations are visible or none. When {@code write} returns, the batch is durable.</li>
 *   <li>All methods are thread-safe.</li>
 *   <li>The caller that opened the store closes it; methods fail with
 *       {@link IllegalStateException} after {@link #close}.</li>
 * </ul>
 */
public interface MetaStore extends Closeable {

  /** The value of {@code key}, or {@code null} when absent. */
  byte[] get(String key);

  /** All entries whose key starts with {@code prefix}, sorted by key; an unmodifiable copy. */
  SortedMap<String, byte[]> scanPrefix(String prefix);

  /** Applies {@code batch} atomically and durably. An empty batch is a no-op. */
  void write(WriteBatch batch);

  /** Convenience for a one-entry batch. */
  default void put(String key, byte[] value) {
    write(new WriteBatch().put(key, value));
  }

  @Override
  void close();
}
