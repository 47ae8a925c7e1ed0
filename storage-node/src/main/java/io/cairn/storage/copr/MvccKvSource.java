package io.cairn.storage.copr;

import io.cairn.coprocessor.exec.KeyLockedException;
import io.cairn.coprocessor.exec.KvSource;
import io.cairn.coprocessor.exec.LockedKey;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import java.util.Arrays;
import java.util.List;

/**
 * The coprocessor's {@link KvSource} over MVCC data in one engine snapshot (the region snapshot
 * a coprocessor request runs on): the committed values visible at {@code readTs}, read through
 * {@link SnapshotReader#scan(EngineSnapshot, byte[], byte[], int, long, boolean, boolean,
 * ReadOptions)} in batches of {@code batchSize} keys. The caller owns and closes the snapshot.
 *
 * <p>A key blocked by a lock surfaces from {@link Cursor#next()} as {@link KeyLockedException};
 * other key errors cannot come from a scan and fail with {@link IllegalStateException}.
 * Thread-safe; cursors are not.
 */
public final class MvccKvSource implements KvSource {
  private final EngineSnapshot snapshot;
  private final long readTs;
  private final ReadOptions options;
  private final int batchSize;

  public MvccKvSource(EngineSnapshot snapshot, long readTs, ReadOptions options, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    this.snapshot = snapshot;
    this.readTs = readTs;
    this.options = options;
    this.batchSize = batchSize;
  }

  public MvccKvSource(EngineSnapshot snapshot, long readTs) {
    this(snapshot, readTs, ReadOptions.DEFAULT, 256);
  }

  @Override
  public Cursor open(byte[] start, byte[] end, boolean reverse) {
    byte[] upper = end == null || end.length == 0 ? null : end;
    return new Cursor() {
      byte[] lo = start;
      byte[] hi = upper;
      List<KvEntry> batch = List.of();
      int pos;
      boolean exhausted;
      KvEntry current;

      @Override
      public boolean next() {
        if (pos >= batch.size()) {
          if (exhausted) {
            return false;
          }
          batch = SnapshotReader.scan(snapshot, lo, hi, batchSize, readTs, false, reverse, options);
          pos = 0;
          if (batch.size() < batchSize) {
            exhausted = true;
          }
          if (!batch.isEmpty()) {
            byte[] last = batch.get(batch.size() - 1).key();
            if (reverse) {
              hi = last;
            } else {
              lo = Arrays.copyOf(last, last.length + 1);
            }
          }
          if (batch.isEmpty()) {
            return false;
          }
        }
        current = batch.get(pos++);
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
        batch = List.of();
        exhausted = true;
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
