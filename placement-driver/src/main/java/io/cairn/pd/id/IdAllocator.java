package io.cairn.pd.id;

import io.cairn.pd.storage.MetaStore;
import java.nio.ByteBuffer;

/**
 * Allocates cluster-wide unique ids (stores, regions, peers share one space), never reusing one,
 * also across restarts.
 *
 * <p>Ids are reserved in steps of {@code step}: the end of the reserved range is persisted under
 * {@value #KEY} (8-byte big-endian) before any id of the range is handed out. A restart resumes
 * at the persisted end, so up to {@code step - 1} ids are skipped, never repeated. The first id
 * is 1 (0 means "none" on the wire).
 *
 * <p>Thread-safe.
 */
public final class IdAllocator {

  static final String KEY = "id/alloc-end";

  private final MetaStore store;
  private final long step;
  private long next;
  private long end;

  public IdAllocator(MetaStore store, long step) {
    if (step < 1) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    this.store = store;
    this.step = step;
    byte[] saved = store.get(KEY);
    this.end = saved == null ? 0 : ByteBuffer.wrap(saved).getLong();
    this.next = end + 1;
  }

  /** The next id. */
  public synchronized long allocate() {
    if (next > end) {
      long newEnd = end + step;
      store.put(KEY, ByteBuffer.allocate(8).putLong(newEnd).array());
      end = newEnd;
    }
    return next++;
  }
}
