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
 * and the two bound slices: RocksDB keeps raw pointers to the slices' bytes inside the read
 * options, so they are freed only after the iterator and the options (see {@link #closeNative}).
 * Not thread-safe; every call holds the engine's lifecycle lock so that closing the engine never
 * frees the native iterator under a running call.
 */
final class RocksEngineIterator implements EngineIterator {

  private final RocksEngine engine;
  private final RocksIterator iterator;
  private final ReadOptions readOptions;
  private final Slice lowerSlice;
  private final Slice upperSlice;
  private final byte[] lower;
  private final byte[] upper;
  private final Set<RocksEngineIterator> ownerRegistry;
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
      Set<RocksEngineIterator> ownerRegistry) {
    this.engine = engine;
    this.iterator = iterator;
    this.readOptions = readOptions;
    this.lowerSlice = lowerSlice;
    this.upperSlice = upperSlice;
    this.lower = lower;
    this.upper = upper;
    this.ownerRegistry = ownerRegistry;
  }

  @Override
  public boolean seek(byte[] key) {
    Lock lock = enter();
    try {
      // Clamped here so the SPI's rule does not depend on how DBIter treats out-of-bound targets.
      byte[] target = lower != null && Arrays.compareUnsigned(key, lower) < 0 ? lower : key;
      iterator.seek(target);
      return settle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean seekForPrev(byte[] key) {
    if (upper != null && Arrays.compareUnsigned(key, upper) >= 0) {
      return seekToLast();
    }
    Lock lock = enter();
    try {
      iterator.seekForPrev(key);
      return settle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean seekToFirst() {
    Lock lock = enter();
    try {
      iterator.seekToFirst();
      return settle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean seekToLast() {
    Lock lock = enter();
    try {
      iterator.seekToLast();
      return settle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean next() {
    Lock lock = enterValid();
    try {
      iterator.next();
      return settle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean prev() {
    Lock lock = enterValid();
    try {
      iterator.prev();
      return settle();
    } finally {
      lock.unlock();
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
    Lock lock = enterValid();
    try {
      return iterator.key();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public byte[] value() {
    Lock lock = enterValid();
    try {
      return iterator.value();
    } finally {
      lock.unlock();
    }
  }

  private Lock enter() {
    Lock lock = engine.enter();
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("iterator is closed");
    }
    return lock;
  }

  /** Like {@link #enter} and also requires a position: RocksDB aborts on next() when invalid. */
  private Lock enterValid() {
    Lock lock = enter();
    if (!valid) {
      lock.unlock();
      throw new IllegalStateException("iterator is not positioned on a key");
    }
    return lock;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    Lock lock;
    try {
      lock = engine.enter();
    } catch (IllegalStateException engineClosed) {
      // The engine's close already freed this iterator.
      return;
    }
    try {
      closeNative();
    } finally {
      lock.unlock();
    }
  }

  /** Frees the native objects; the caller holds the engine's lifecycle lock. */
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
