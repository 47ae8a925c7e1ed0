package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.EngineIterator;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * An {@link EngineIterator} over a {@link RocksIterator}. It owns the iterator, its read options
 * and the two native bound slices: the native read options and iterator keep raw pointers to the
 * slices, so these are freed only after the iterator and the options (see {@link #closeNative}).
 * Not thread-safe; every call holds the engine's lifecycle lock (and a snapshot iterator also its
 * snapshot's read lock) so that closing the engine or the snapshot never frees the native
 * iterator under a running call.
 */
final class RocksEngineIterator implements EngineIterator {

  private final RocksEngine engine;
  private final RocksIterator iterator;
  private final ReadOptions readOptions;
  private final Slice lowerSlice;
  private final Slice upperSlice;
  private final byte[] lower;
  private final byte[] upper;
  /** The snapshot this iterator reads, or null for the live engine. */
  private final RocksEngineSnapshot snapshot;
  private final Set<RocksEngineIterator> ownerRegistry;
  /** Locks taken by {@link #enter} and released by {@link #exit}. */
  private Lock engineLock;
  private Lock snapshotLock;
  private boolean valid;
  private boolean closed;

  RocksEngineIterator(
      RocksEngine engine,
      RocksIterator iterator,
      ReadOptions readOptions,
      Slice lowerSlice,
      Slice upperSlice,
      byte[] lower,
      byte[] upper,
      RocksEngineSnapshot snapshot,
      Set<RocksEngineIterator> ownerRegistry) {
    this.engine = engine;
    this.iterator = iterator;
    this.readOptions = readOptions;
    this.lowerSlice = lowerSlice;
    this.upperSlice = upperSlice;
    this.lower = lower;
    this.upper = upper;
    this.snapshot = snapshot;
    this.ownerRegistry = ownerRegistry;
  }

  @Override
  public boolean seek(byte[] key) {
    enter();
    try {
      // Clamped here so the SPI's rule does not depend on how DBIter treats out-of-bound targets.
      byte[] target = lower != null && Arrays.compareUnsigned(key, lower) < 0 ? lower : key;
      iterator.seek(target);
      return settle();
    } finally {
      exit();
    }
  }

  @Override
  public boolean seekForPrev(byte[] key) {
    if (upper != null && Arrays.compareUnsigned(key, upper) >= 0) {
      return seekToLast();
    }
    enter();
    try {
      iterator.seekForPrev(key);
      return settle();
    } finally {
      exit();
    }
  }

  @Override
  public boolean seekToFirst() {
    enter();
    try {
      iterator.seekToFirst();
      return settle();
    } finally {
      exit();
    }
  }

  @Override
  public boolean seekToLast() {
    enter();
    try {
      iterator.seekToLast();
      return settle();
    } finally {
      exit();
    }
  }

  @Override
  public boolean next() {
    enterValid();
    try {
      iterator.next();
      return settle();
    } finally {
      exit();
    }
  }

  @Override
  public boolean prev() {
    enterValid();
    try {
      iterator.prev();
      return settle();
    } finally {
      exit();
    }
  }

  /** Records validity; an iterator that stopped because of an error throws it. */
  private boolean settle() {
    valid = iterator.isValid();
    if (!valid) {
      try {
        iterator.status();
      } catch (RocksDBException e) {
        throw RocksErrors.translate("iterate", engine.dataDir(), e);
      }
    }
    return valid;
  }

  @Override
  public boolean valid() {
    return valid && !closed;
  }

  @Override
  public byte[] key() {
    enterValid();
    try {
      return iterator.key();
    } finally {
      exit();
    }
  }

  @Override
  public byte[] value() {
    enterValid();
    try {
      return iterator.value();
    } finally {
      exit();
    }
  }

  /**
   * Takes the engine's lifecycle lock and, for a snapshot's iterator, the snapshot's read lock,
   * so that neither closing the engine nor closing the snapshot frees this iterator mid-call.
   */
  private void enter() {
    Lock engineHeld = engine.enter();
    Lock snapshotHeld = null;
    try {
      if (snapshot != null) {
        snapshotHeld = snapshot.enterRead();
      }
      if (closed) {
        throw new IllegalStateException("iterator is closed");
      }
    } catch (RuntimeException e) {
      if (snapshotHeld != null) {
        snapshotHeld.unlock();
      }
      engineHeld.unlock();
      throw e;
    }
    engineLock = engineHeld;
    snapshotLock = snapshotHeld;
  }

  /** Like {@link #enter} and also requires a position: RocksDB aborts on next() when invalid. */
  private void enterValid() {
    enter();
    if (!valid) {
      exit();
      throw new IllegalStateException("iterator is not positioned on a key");
    }
  }

  private void exit() {
    Lock snapshotHeld = snapshotLock;
    Lock engineHeld = engineLock;
    snapshotLock = null;
    engineLock = null;
    if (snapshotHeld != null) {
      snapshotHeld.unlock();
    }
    engineHeld.unlock();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    Lock engineHeld;
    try {
      engineHeld = engine.enter();
    } catch (IllegalStateException engineClosed) {
      // The engine's close already freed this iterator.
      return;
    }
    try {
      Lock snapshotHeld = null;
      if (snapshot != null) {
        try {
          snapshotHeld = snapshot.enterRead();
        } catch (IllegalStateException snapshotClosed) {
          // The snapshot's close already freed this iterator.
          return;
        }
      }
      try {
        closeNative();
      } finally {
        if (snapshotHeld != null) {
          snapshotHeld.unlock();
        }
      }
    } finally {
      engineHeld.unlock();
    }
  }

  /**
   * Frees the native objects. The caller excludes every other call on this iterator: it holds
   * the engine's lifecycle lock in write mode, or in read mode plus the snapshot's lock.
   */
  void closeNative() {
    if (closed) {
      return;
    }
    closed = true;
    valid = false;
    iterator.close();
    readOptions.close();
    if (lowerSlice != null) {
      lowerSlice.close();
    }
    if (upperSlice != null) {
      upperSlice.close();
    }
    ownerRegistry.remove(this);
    engine.forgetIterator(this);
  }
}
