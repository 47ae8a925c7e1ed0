package io.cairn.kv.buffer;

import io.cairn.kv.BufferEntry;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import java.util.NoSuchElementException;

/**
 * Lays a transaction's buffered entries over a snapshot scan (TiDB's {@code UnionIter}). Both
 * inputs run in the same direction over the same range; on equal keys the buffer wins, and a
 * buffered delete hides the snapshot's entry. The result yields present values only.
 *
 * <p>Owns both inputs: closing the union closes them. Not thread-safe.
 */
public final class UnionIterator implements KvIterator<KvPair> {

  private final KvIterator<BufferEntry> buffer;
  private final KvIterator<KvPair> snapshot;
  private final boolean reverse;
  private BufferEntry bufHead;
  private KvPair snapHead;
  private KvPair next;
  private boolean closed;

  /**
   * @param reverse true when both inputs are in descending key order
   */
  public UnionIterator(KvIterator<BufferEntry> buffer, KvIterator<KvPair> snapshot, boolean reverse) {
    this.buffer = buffer;
    this.snapshot = snapshot;
    this.reverse = reverse;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (next == null) {
      if (bufHead == null && buffer.hasNext()) {
        bufHead = buffer.next();
      }
      if (snapHead == null && snapshot.hasNext()) {
        snapHead = snapshot.next();
      }
      if (bufHead == null && snapHead == null) {
        return false;
      }
      int cmp;
      if (bufHead == null) {
        cmp = 1;
      } else if (snapHead == null) {
        cmp = -1;
      } else {
        cmp = bufHead.key().compareTo(snapHead.key());
        if (reverse) {
          cmp = -cmp;
        }
      }
      if (cmp > 0) {
        next = snapHead;
        snapHead = null;
      } else {
        if (cmp == 0) {
          snapHead = null;
        }
        if (!bufHead.isDelete()) {
          next = new KvPair(bufHead.key(), bufHead.value());
        }
        bufHead = null;
      }
    }
    return true;
  }

  @Override
  public KvPair next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    KvPair out = next;
    next = null;
    return out;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        buffer.close();
      } finally {
        snapshot.close();
      }
    }
  }
}
