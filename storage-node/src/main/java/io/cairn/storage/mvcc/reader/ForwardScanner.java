package io.cairn.storage.mvcc.reader;

import io.cairn.storage.engine.EngineReader;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Write;

/**
 * An ascending {@link MvccScanner}. The write cursor always rests on the newest version of the
 * next key to read (versions sort newest first), so a key with one version costs one
 * {@code next}; versions newer than the read ts and the tail of older versions are stepped over
 * with at most {@link #SEEK_BOUND} {@code next}s each before a seek jumps over the rest.
 */
final class ForwardScanner extends CursorScanner {

  ForwardScanner(
      EngineReader view, byte[] lower, byte[] upper, long ts, boolean keyOnly,
      ReadOptions options) {
    super(view, lower, upper, ts, keyOnly, options);
    try {
      settleLock(locks.seekToFirst());
      settleWrite(writes.seekToFirst());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  int direction() {
    return 1;
  }

  @Override
  void advanceLock() {
    settleLock(locks.next());
  }

  @Override
  Write readWrites(byte[] current, LockVerdict verdict) {
    Write dataWrite = verdict == LockVerdict.READ_WRITES ? findDataWrite(current) : null;
    skipRestOf(current);
    return dataWrite;
  }

  /**
   * The newest put or delete of {@code current} with commit_ts ≤ ts, or null. The write cursor
   * starts on the key's newest version and ends on that record, or past the key.
   */
  private Write findDataWrite(byte[] current) {
    for (int steps = 0; onVersionOf(current) && Keys.decodeTs(writeKey) > ts; steps++) {
      if (steps < SEEK_BOUND) {
        settleWrite(writes.next());
      } else {
        // Lands on the newest version ≤ ts, or past the key.
        settleWrite(writes.seek(Keys.appendTs(current, ts)));
      }
    }
    while (onVersionOf(current)) {
      Write w = Write.parse(writes.value());
      if (w.isDataChange()) {
        return w;
      }
      settleWrite(writes.next());
    }
    return null;
  }

  /** Moves the write cursor past every version of {@code current}. */
  private void skipRestOf(byte[] current) {
    for (int steps = 0; onVersionOf(current); steps++) {
      if (steps < SEEK_BOUND) {
        settleWrite(writes.next());
      } else {
        settleWrite(writes.seek(Keys.versionUpperBound(current)));
      }
    }
  }
}
