package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Write;

/**
 * A descending {@link MvccScanner}. Walking backwards, the write cursor meets a key's versions
 * oldest first, so it steps over them with {@code prev}, remembering the newest put or delete
 * with commit_ts ≤ ts, until it reaches a version newer than ts or the previous key. A key with
 * more than {@link #SEEK_BOUND} versions at or below ts is instead looked up with a forward seek
 * to {@code enc(k) ++ desc64(ts)}, and versions newer than ts are skipped with a
 * {@code seekForPrev(enc(k))} (which lands below every version of the key) after as many
 * {@code prev}s.
 */
final class BackwardScanner extends CursorScanner {

  BackwardScanner(
      EngineReader view, byte[] lower, byte[] upper, long ts, boolean keyOnly,
      ReadOptions options) {
    super(view, lower, upper, ts, keyOnly, options);
    try {
      settleLock(locks.seekToLast());
      settleWrite(writes.seekToLast());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  int direction() {
    return -1;
  }

  @Override
  void advanceLock() {
    settleLock(locks.prev());
  }

  @Override
  Write readWrites(byte[] current, LockVerdict verdict) {
    if (verdict == LockVerdict.READ_WRITES) {
      return findDataWrite(current);
    }
    skipBefore(current, 0);
    return null;
  }

  /**
   * The newest put or delete of {@code current} with commit_ts ≤ ts, or null. The write cursor
   * starts on the key's oldest version and ends before the key.
   */
  private Write findDataWrite(byte[] current) {
    Write found = null;
    for (int steps = 0; onVersionOf(current); steps++) {
      if (Keys.decodeTs(writeKey) > ts) {
        // Every version from here on is newer still.
        skipBefore(current, steps);
        return found;
      }
      if (steps == SEEK_BOUND) {
        found = lookUp(current);
        settleWrite(writes.seekForPrev(current));
        return found;
      }
      Write w = Write.parse(writes.value());
      if (w.isDataChange()) {
        found = w;
      }
      settleWrite(writes.prev());
    }
    return found;
  }

  /** A forward point lookup of the newest put or delete of {@code current} at or below ts. */
  private Write lookUp(byte[] current) {
    for (settleWrite(writes.seek(Keys.appendTs(current, ts)));
        onVersionOf(current);
        settleWrite(writes.next())) {
      Write w = Write.parse(writes.value());
      if (w.isDataChange()) {
        return w;
      }
    }
    return null;
  }

  /**
   * Moves the write cursor before every version of {@code current}, having taken
   * {@code stepsTaken} steps over this key already.
   */
  private void skipBefore(byte[] current, int stepsTaken) {
    for (int steps = stepsTaken; onVersionOf(current); steps++) {
      if (steps < SEEK_BOUND) {
        settleWrite(writes.prev());
      } else {
        settleWrite(writes.seekForPrev(current));
      }
    }
  }
}
