package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A RocksDB snapshot plus the read options that pin it. Closing it first closes the iterators
 * created from it that are still open (the SPI asks callers to close them first; this keeps a
 * forgotten one from reading at a released sequence number), then releases the snapshot.
 *
 * <p>Thread-safe. Reads hold the engine's lifecycle lock and then this snapshot's read lock, and
 * {@link #close()} takes its write lock, so a close racing with a read on another thread waits
 * instead of freeing the native read options under it. Locks are always taken in that order.
 */
final class RocksEngineSnapshot implements EngineSnapshot {

  private final RocksEngine engine;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private final Set<RocksEngineIterator> iterators = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Written under the write lock, read under the read lock. */
  private boolean closed;

  RocksEngineSnapshot(RocksEngine engine, Snapshot snapshot) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    Objects.requireNonNull(key, "key");
    Lock engineLock = engine.enter();
    try {
      Lock own = enterRead();
      try {
        return engine.db().get(engine.handle(cf), readOptions, key);
      } finally {
        own.unlock();
      }
    } catch (RocksDBException e) {
      throw RocksErrors.translate("snapshot get", engine.dataDir(), e);
    } finally {
      engineLock.unlock();
    }
  }

  @Override
  public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
    Lock engineLock = engine.enter();
    try {
      Lock own = enterRead();
      try {
        return engine.newIterator(cf, lowerBound, upperBound, this, iterators);
      } finally {
        own.unlock();
      }
    } finally {
      engineLock.unlock();
    }
  }

  Snapshot nativeSnapshot() {
    return snapshot;
  }

  /**
   * Takes this snapshot's read lock; throws if the snapshot is closed. The caller holds the
   * engine's lifecycle lock.
   */
  Lock enterRead() {
    Lock own = lock.readLock();
    own.lock();
    if (closed) {
      own.unlock();
      throw new IllegalStateException("snapshot is closed");
    }
    return own;
  }

  @Override
  public void close() {
    Lock engineLock;
    try {
      engineLock = engine.enter();
    } catch (IllegalStateException engineClosed) {
      // The engine's close already released this snapshot.
      return;
    }
    try {
      closeNative();
    } finally {
      engineLock.unlock();
    }
  }

  /** Releases the native snapshot; the caller holds the engine's lifecycle lock. */
  void closeNative() {
    Lock own = lock.writeLock();
    own.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RocksEngineIterator it : List.copyOf(iterators)) {
        it.closeNative();
      }
      engine.db().releaseSnapshot(snapshot);
      snapshot.close();
      readOptions.close();
      engine.forgetSnapshot(this);
    } finally {
      own.unlock();
    }
  }
}
