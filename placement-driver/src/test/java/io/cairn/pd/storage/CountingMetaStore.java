package io.cairn.pd.storage;

import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test wrapper counting durable writes. */
public final class CountingMetaStore implements MetaStore {

  private final MetaStore inner;
  private final AtomicInteger writes = new AtomicInteger();

  public CountingMetaStore(MetaStore inner) {
    this.inner = inner;
  }

  public int writes() {
    return writes.get();
  }

  @Override
  public byte[] get(String key) {
    return inner.get(key);
  }

  @Override
  public SortedMap<String, byte[]> scanPrefix(String prefix) {
    return inner.scanPrefix(prefix);
  }

  @Override
  public void write(WriteBatch batch) {
    writes.incrementAndGet();
    inner.write(batch);
  }

  @Override
  public void close() {
    inner.close();
  }
}
