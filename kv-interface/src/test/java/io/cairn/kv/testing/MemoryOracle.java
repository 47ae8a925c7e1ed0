package io.cairn.kv.testing;

import io.cairn.kv.Oracle;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Timestamps;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TSO-layout oracle over a clock: physical milliseconds from {@code clock} (never going
 * backwards) and a logical counter within each millisecond, carried into the next millisecond
 * when it runs out.
 *
 * <p>It takes the storage's commit mutex for every timestamp, so no timestamp is handed out
 * while a commit is between choosing its commit timestamp and installing its writes: a reader
 * whose timestamp is above a commit timestamp always finds that commit installed.
 */
final class MemoryOracle implements Oracle {

  private final InstantSource clock;
  private final ReentrantLock mutex;
  private final String storageName;
  private long lastPhysical;
  private long lastLogical;
  private volatile boolean closed;

  MemoryOracle(InstantSource clock, ReentrantLock mutex, String storageName) {
    this.clock = clock;
    this.mutex = mutex;
    this.storageName = storageName;
  }

  @Override
  public long getTimestamp(String txnScope) {
    mutex.lock();
    try {
      return nextLocked();
    } finally {
      mutex.unlock();
    }
  }

  /** The next timestamp; the caller holds the mutex. */
  long nextLocked() {
    if (closed) {
      throw new StorageClosedException(storageName);
    }
    long now = clock.millis();
    if (now > lastPhysical) {
      lastPhysical = now;
      lastLogical = 0;
    } else if (++lastLogical > Timestamps.MAX_LOGICAL) {
      lastPhysical++;
      lastLogical = 0;
    }
    return Timestamps.compose(lastPhysical, lastLogical);
  }

  @Override
  public boolean isExpired(long lockTs, long ttlMillis) {
    return Timestamps.physicalMillis(lockTs) + ttlMillis <= clock.millis();
  }

  @Override
  public long getStaleTimestamp(String txnScope, long prevSeconds) {
    if (prevSeconds < 0) {
      throw new IllegalArgumentException("negative staleness " + prevSeconds);
    }
    long physical = clock.millis() - prevSeconds * 1000;
    if (physical < 0) {
      throw new IllegalArgumentException("staleness " + prevSeconds + " s reaches before the epoch");
    }
    return Timestamps.compose(physical, 0);
  }

  void close() {
    closed = true;
  }
}
