package io.cairn.pd.storage;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link MetaStore} kept in memory only: nothing survives the process. Used by the
 * {@code unistore://} wiring and by unit tests. Thread-safe.
 */
public final class MemoryMetaStore implements MetaStore {

  private final TreeMap<String, byte[]> map = new TreeMap<>();
  private boolean closed;

  @Override
  public synchronized byte[] get(String key) {
    checkOpen();
    byte[] v = map.get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public synchronized SortedMap<String, byte[]> scanPrefix(String prefix) {
    checkOpen();
    return Collections.unmodifiableSortedMap(MetaMaps.copyPrefix(map, prefix));
  }

  @Override
  public synchronized void write(WriteBatch batch) {
    checkOpen();
    MetaMaps.apply(map, batch.ops());
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("meta store is closed");
    }
  }
}
