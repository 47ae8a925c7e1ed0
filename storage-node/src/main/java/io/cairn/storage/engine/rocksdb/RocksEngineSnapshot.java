package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A RocksDB snapshot plus the read options that pin it. Closing it first closes the iterators
 * created from it that are still open (the SPI asks callers to close them first; this keeps a
 * forgotten one from reading at a released sequence number), then releases the snapshot.
 * Thread-safe, like the engine.
 */
final class RocksEngineSnapshot implements EngineSnapshot {

  private final RocksEngine engine;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private final Set<RocksEngineIterator> iterators = ConcurrentHashMap.newKeySet();
  /** Guarded by the engine's lifecycle lock and by this object's monitor. */
  private boolean closed;

  RocksEngineSnapshot(RocksEngine engine, Snapshot snapshot) {
    this.engine = engine;
    this.snapshot = snapshot;
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  @Override
  public byte[] get(ColumnFamily cf, byte[] key) {
    Objects.requireNonNull(key, "key");
    Lock lock = engine.enter();
    try {
      ensureOpen();
      return engine.db().get(engine.handle(cf), readOptions, key);
    } catch (RocksDBException e) {
      throw RocksErrors.translate("snapshot get", engine.dataDir(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EngineIterator iterator(ColumnFamily cf, byte[] lowerBound, byte[] upperBound) {
    Lock lock = engine.enter();
    try {
      synchronized (this) {
        ensureOpen();
        return engine.newIterator(cf, lowerBound, upperBound, snapshot, iterators);
      }
    } finally {
      lock.unlock();
    }
  }

  private synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("snapshot is closed");
    }
  }

  @Override
  public void close() {
    Lock lock;
    try {
      lock = engine.enter();
    } catch (IllegalStateException engineClosed) {
      // The engine's close already released this snapshot.
      return;
    }
    try {
      closeNative();
    } finally {
      lock.unlock();
    }
  }

  /** Releases the native snapshot; the caller holds the engine's lifecycle lock. */
  synchronized void closeNative() {
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
  }
}
