package io.cairn.kv.testing;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.BufferEntry;
import io.cairn.kv.DeadlockException;
import io.cairn.kv.IsolationLevel;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.LockOptions;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.kv.TransactionClosedException;
import io.cairn.kv.WriteConflictException;
import io.cairn.kv.buffer.BufferedReads;
import io.cairn.kv.buffer.MemDb;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A transaction of {@link MemoryStorage}: a {@link MemDb} over snapshots of the storage's
 * versioned map. Commit and lock acquisition run under the storage's mutex; see there.
 */
final class MemoryTransaction implements Transaction {

  private enum State { OPEN, COMMITTED, ROLLED_BACK }

  private final MemoryStorage storage;
  private final long startTs;
  private final BeginOptions options;
  private final MemDb buffer;
  private final Snapshot startSnapshot;
  /** Keys locked in optimistic mode: checked for conflicts at commit. */
  private final TreeSet<Key> optimisticLocks = new TreeSet<>();
  /** Keys locked in pessimistic mode → the for-update timestamp they were locked at; guarded by the storage mutex. */
  private final Map<Key, Long> pessimisticLocks = new HashMap<>();
  /** The transaction whose lock this one waits for; guarded by the storage mutex. */
  private MemoryTransaction waitingFor;
  private volatile State state = State.OPEN;
  private long commitTs;

  MemoryTransaction(MemoryStorage storage, long startTs, BeginOptions options, MemDb buffer) {
    this.storage = storage;
    this.startTs = startTs;
    this.options = options;
    this.buffer = buffer;
    this.startSnapshot = storage.snapshot(startTs, options.snapshotOptions());
  }

  @Override
  public long startTs() {
    return startTs;
  }

  @Override
  public BeginOptions options() {
    return options;
  }

  /** REPEATABLE READ reads the start snapshot; READ COMMITTED a fresh one per read. */
  private Snapshot readSnapshot() {
    checkUsable();
    if (options.isolation() == IsolationLevel.READ_COMMITTED) {
      return storage.snapshot(storage.memoryOracle().getTimestamp(), options.snapshotOptions());
    }
    return startSnapshot;
  }

  @Override
  public byte[] get(Key key) {
    return BufferedReads.get(buffer, readSnapshot(), key);
  }

  @Override
  public Map<Key, byte[]> batchGet(Collection<Key> keys) {
    return BufferedReads.batchGet(buffer, readSnapshot(), keys);
  }

  @Override
  public KvIterator<KvPair> iterate(KeyRange range) {
    return BufferedReads.iterate(buffer, readSnapshot(), range, false);
  }

  @Override
  public KvIterator<KvPair> iterateReverse(KeyRange range) {
    return BufferedReads.iterate(buffer, readSnapshot(), range, true);
  }

  @Override
  public void set(Key key, byte[] value) {
    checkWritable();
    buffer.set(key, value);
  }

  @Override
  public void delete(Key key) {
    checkWritable();
    buffer.delete(key);
  }

  @Override
  public Snapshot snapshot() {
    checkUsable();
    return startSnapshot;
  }

  @Override
  public MemBuffer memBuffer() {
    checkUsable();
    return buffer;
  }

  @Override
  public Map<Key, byte[]> lockKeys(LockOptions lockOptions, Collection<Key> keys) {
    checkWritable();
    if (lockOptions.forUpdateTs() < startTs) {
      throw new IllegalArgumentException(
          "for-update timestamp " + lockOptions.forUpdateTs() + " below start timestamp " + startTs);
    }
    if (!options.pessimistic()) {
      optimisticLocks.addAll(keys);
      return Map.of();
    }
    long deadline = System.nanoTime() + lockOptions.lockWaitTimeout().toNanos();
    Map<Key, byte[]> values = new LinkedHashMap<>();
    storage.mutex.lock();
    try {
      for (Key key : keys) {
        lockOne(key, lockOptions.forUpdateTs(), deadline);
        byte[] latest = storage.latestValue(key);
        if (lockOptions.returnValues() && latest != null) {
          values.put(key, latest);
        }
      }
      return values;
    } finally {
      storage.mutex.unlock();
    }
  }

  /** Takes the pessimistic lock on {@code key}; the caller holds the storage mutex. */
  private void lockOne(Key key, long forUpdateTs, long deadline) {
    while (true) {
      storage.checkOpen();
      checkUsable();
      MemoryTransaction owner = storage.lockOwners.get(key);
      if (owner == null || owner == this) {
        long latest = storage.latestCommitTs(key);
        if (latest > forUpdateTs) {
          throw new WriteConflictException(startTs, 0, latest, key);
        }
        storage.lockOwners.put(key, this);
        pessimisticLocks.merge(key, forUpdateTs, Math::max);
        return;
      }
      for (MemoryTransaction t = owner; t != null; t = t.waitingFor) {
        if (t == this) {
          throw new DeadlockException();
        }
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new LockWaitTimeoutException();
      }
      waitingFor = owner;
      try {
        storage.lockReleased.awaitNanos(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LockWaitTimeoutException();
      } finally {
        waitingFor = null;
      }
    }
  }

  @Override
  public boolean isReadOnly() {
    checkUsable();
    return buffer.isEmpty() && optimisticLocks.isEmpty() && pessimisticLocks.isEmpty();
  }

  @Override
  public boolean isValid() {
    return state == State.OPEN;
  }

  @Override
  public void commit() {
    checkUsable();
    if (buffer.isEmpty() && optimisticLocks.isEmpty()) {
      finish(State.COMMITTED);
      return;
    }
    storage.mutex.lock();
    try {
      storage.checkOpen();
      try {
        checkConflicts();
      } catch (RuntimeException e) {
        finish(State.ROLLED_BACK);
        throw e;
      }
      long ts = storage.memoryOracle().nextLocked();
      try (KvIterator<BufferEntry> it = buffer.iterateEntries(KeyRange.all())) {
        while (it.hasNext()) {
          BufferEntry e = it.next();
          storage.install(e.key(), ts, e.value());
        }
      }
      commitTs = ts;
      finish(State.COMMITTED);
    } finally {
      storage.mutex.unlock();
    }
  }

  /** First committer wins; the caller holds the storage mutex. */
  private void checkConflicts() {
    try (KvIterator<BufferEntry> it = buffer.iterateEntries(KeyRange.all())) {
      while (it.hasNext()) {
        checkConflict(it.next().key());
      }
    }
    for (Key k : optimisticLocks) {
      checkConflict(k);
    }
  }

  private void checkConflict(Key key) {
    MemoryTransaction owner = storage.lockOwners.get(key);
    if (owner != null && owner != this) {
      throw new WriteConflictException(startTs, owner.startTs, 0, key);
    }
    if (pessimisticLocks.containsKey(key)) {
      return;
    }
    long latest = storage.latestCommitTs(key);
    if (latest > startTs) {
      throw new WriteConflictException(startTs, 0, latest, key);
    }
  }

  @Override
  public void rollback() {
    checkUsable();
    finish(State.ROLLED_BACK);
  }

  @Override
  public long commitTs() {
    if (state != State.COMMITTED || commitTs == 0) {
      throw new IllegalStateException("transaction " + startTs + " has no commit timestamp (state " + state + ")");
    }
    return commitTs;
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      finish(State.ROLLED_BACK);
    }
  }

  /** Ends the transaction because its storage closed. */
  void abandon() {
    finish(State.ROLLED_BACK);
  }

  private void finish(State end) {
    storage.mutex.lock();
    try {
      if (state != State.OPEN) {
        return;
      }
      state = end;
      if (!pessimisticLocks.isEmpty()) {
        for (Key k : pessimisticLocks.keySet()) {
          storage.lockOwners.remove(k, this);
        }
        pessimisticLocks.clear();
        storage.lockReleased.signalAll();
      }
    } finally {
      storage.mutex.unlock();
    }
    storage.ended(this);
  }

  private void checkUsable() {
    storage.checkOpen();
    if (state != State.OPEN) {
      throw new TransactionClosedException("transaction " + startTs + " is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private void checkWritable() {
    checkUsable();
    if (options.readOnly()) {
      throw new ReadOnlyTransactionException();
    }
  }
}
