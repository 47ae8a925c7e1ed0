package io.cairn.storage.copr;

import io.cairn.coprocessor.exec.KeyLockedException;
import io.cairn.coprocessor.exec.KvSource;
import io.cairn.coprocessor.exec.LockedKey;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.MvccScanner;
import io.cairn.storage.mvcc.reader.ReadOptions;

/**
 * The coprocessor's {@link KvSource} over MVCC data in one engine snapshot (the region snapshot
 * a coprocessor request runs on): the committed values visible at {@code readTs}. Each cursor
 * streams its range through one {@link MvccScanner}, whose engine cursors stay open until the
 * range is exhausted or the cursor is closed. The caller owns and closes the snapshot, after
 * closing the cursors.
 *
 * <p>A key blocked by a lock surfaces from {@link Cursor#next()} as {@link KeyLockedException};
 * other key errors cannot come from a scan and fail with {@link IllegalStateException}.
 * Thread-safe; cursors are not.
 */
public final class MvccKvSource implements KvSource {
  private final EngineSnapshot snapshot;
  private final long readTs;
  private final ReadOptions options;

  public MvccKvSource(EngineSnapshot snapshot, long readTs, ReadOptions options) {
    this.snapshot = snapshot;
    this.readTs = readTs;
    this.options = options;
  }

  public MvccKvSource(EngineSnapshot snapshot, long readTs) {
    this(snapshot, readTs, ReadOptions.DEFAULT);
  }

  @Override
  public Cursor open(byte[] start, byte[] end, boolean reverse) {
    byte[] upper = end == null || end.length == 0 ? null : end;
    return new Cursor() {
      /** Opened on the first next(), so a cursor that is never read holds no engine cursors. */
      MvccScanner scanner;
      boolean exhausted;
      KvEntry current;

      @Override
      public boolean next() {
        if (exhausted) {
          return false;
        }
        if (scanner == null) {
          scanner = MvccScanner.open(snapshot, start, upper, readTs, false, reverse, options);
        }
        current = scanner.next();
        if (current == null) {
          close();
          return false;
        }
        if (current.error() != null) {
          if (current.error() instanceof KeyError.Locked l) {
            throw new KeyLockedException(lockedKey(l.lock()));
          }
          throw new IllegalStateException("scan returned " + current.error());
        }
        return true;
      }

      @Override
      public byte[] key() {
        return current.key();
      }

      @Override
      public byte[] value() {
        return current.value();
      }

      @Override
      public void close() {
        exhausted = true;
        if (scanner != null) {
          scanner.close();
          scanner = null;
        }
      }
    };
  }

  static LockedKey lockedKey(LockInfo l) {
    int op = switch (l.lockType()) {
      case PUT -> 0;
      case DELETE -> 1;
      case LOCK -> 2;
      case PESSIMISTIC -> 5;
    };
    return new LockedKey(l.key(), l.primaryLock(), l.lockVersion(), l.lockTtl(), l.txnSize(), op,
        l.lockForUpdateTs(), l.minCommitTs());
  }
}
