package io.cairn.tikv.txn;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.BufferEntry;
import io.cairn.kv.IsolationLevel;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.LockOptions;
import io.cairn.kv.MemBuffer;
import io.cairn.kv.ReadOnlyTransactionException;
import io.cairn.kv.Snapshot;
import io.cairn.kv.Transaction;
import io.cairn.kv.TransactionClosedException;
import io.cairn.kv.buffer.BufferedReads;
import io.cairn.kv.buffer.MemDb;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.tikv.error.ErrorTranslator;
import io.cairn.tikv.snapshot.TikvSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link Transaction} over the TiKV protocol: a {@link MemDb} write buffer laid over a
 * {@link TikvSnapshot} at the start ts, committed by a {@link TwoPhaseCommitter}.
 *
 * <p>Optimistic mode: {@link #lockKeys} only records the keys; they are prewritten as
 * {@code Op.Lock} so a write after the start ts conflicts at commit. Pessimistic mode:
 * {@link #lockKeys} takes the locks now through a {@link PessimisticLocker}; the first key ever
 * locked is the primary, and a {@link TtlManager} starts heartbeating it. Keys locked by a call
 * that fails are unlocked again ({@code KVPessimisticRollback}), keys locked by earlier calls stay.
 * The prewrite marks locked keys {@code is_pessimistic_lock} and carries the largest
 * for-update ts. Rollback removes the pessimistic locks.
 *
 * <p>READ COMMITTED reads at a fresh timestamp per read; REPEATABLE READ at the start ts.
 * Errors are translated once, here, by {@link ErrorTranslator}. Used by one thread at a time,
 * as the interface says; {@link #abortByStorage()} may come from the closing thread.
 */
final class TikvTransaction implements Transaction {

  private final TikvStorage storage;
  private final TxnEnv env;
  private final BeginOptions options;
  private final long startTs;
  private final TikvSnapshot startSnapshot;
  private final MemDb buffer;
  private final TreeSet<Key> optimisticLocks = new TreeSet<>();
  /** Pessimistically locked keys → the for-update ts they were locked at. */
  private final TreeMap<Key, Long> pessimisticLocks = new TreeMap<>();
  private final PessimisticLocker locker;
  private byte[] pessimisticPrimary;
  private long maxForUpdateTs;
  private TtlManager ttlManager;
  private volatile boolean valid = true;
  private long commitTs;

  TikvTransaction(TikvStorage storage, TxnEnv env, BeginOptions options, long startTs) {
    this.storage = storage;
    this.env = env;
    this.options = options;
    this.startTs = startTs;
    this.startSnapshot = new TikvSnapshot(env.readEnv(), startTs, options.snapshotOptions());
    this.buffer = new MemDb(env.config().entrySizeLimit(), env.config().totalSizeLimit(), options.readOnly());
    this.locker = new PessimisticLocker(env, startTs, System::nanoTime);
  }

  @Override
  public long startTs() {
    return startTs;
  }

  @Override
  public BeginOptions options() {
    return options;
  }

  private void checkUsable() {
    storage.checkOpen();
    if (!valid) {
      throw new TransactionClosedException("transaction " + startTs + " has ended");
    }
  }

  private void checkWritable() {
    checkUsable();
    if (options.readOnly()) {
      throw new ReadOnlyTransactionException();
    }
  }

  private Snapshot readSnapshot() {
    checkUsable();
    if (options.isolation() == IsolationLevel.READ_COMMITTED) {
      return storage.snapshot(storage.currentTimestamp(), startSnapshot.options());
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
  public MemBuffer memBuffer() {
    checkUsable();
    return buffer;
  }

  @Override
  public Snapshot snapshot() {
    checkUsable();
    return startSnapshot;
  }

  @Override
  public Map<Key, byte[]> lockKeys(LockOptions lockOptions, Collection<Key> keys) {
    checkWritable();
    if (lockOptions.forUpdateTs() < startTs) {
      throw new IllegalArgumentException(
          "for-update timestamp " + lockOptions.forUpdateTs() + " below start timestamp " + startTs);
    }
    TreeSet<Key> sorted = new TreeSet<>();
    for (Key k : keys) {
      if (k.isEmpty()) {
        throw new IllegalArgumentException("empty key");
      }
      sorted.add(k);
    }
    if (!options.pessimistic()) {
      optimisticLocks.addAll(sorted);
      return Map.of();
    }
    if (sorted.isEmpty()) {
      return Map.of();
    }
    if (pessimisticPrimary == null) {
      pessimisticPrimary = sorted.first().toByteArray();
      ttlManager = new TtlManager(env.rpc(), env.scheduler(), pessimisticPrimary, startTs,
          env.config().managedLockTtl().toMillis(), System::currentTimeMillis);
    }
    long forUpdateTs = lockOptions.forUpdateTs();
    Map<Key, byte[]> values = new LinkedHashMap<>();
    List<byte[]> newlyLocked = new ArrayList<>();
    List<byte[]> raw = sorted.stream().map(Key::toByteArray).toList();
    try {
      locker.lock(raw, pessimisticPrimary, forUpdateTs, lockOptions.lockWaitTimeout(), lockOptions.returnValues(), values,
          (k, lockedAt) -> {
            if (pessimisticLocks.put(Key.wrap(k), lockedAt) == null) {
              newlyLocked.add(k);
            }
            maxForUpdateTs = Math.max(maxForUpdateTs, lockedAt);
          });
      return values;
    } catch (RuntimeException e) {
      RuntimeException translated = ErrorTranslator.translate(e, startTs);
      try {
        locker.rollback(newlyLocked, Math.max(maxForUpdateTs, forUpdateTs));
        newlyLocked.forEach(k -> pessimisticLocks.remove(Key.wrap(k)));
      } catch (RuntimeException rollbackFailure) {
        // The locks stay until the transaction ends, as the contract allows.
        translated.addSuppressed(rollbackFailure);
      }
      if (!pessimisticLocks.containsKey(Key.wrap(pessimisticPrimary))) {
        // The call that chose the primary failed, and no lock of it is left: the next call
        // chooses again. Keeping it would leave a primary that commit never writes.
        ttlManager.close();
        ttlManager = null;
        pessimisticPrimary = null;
      }
      throw translated;
    }
  }

  @Override
  public boolean isReadOnly() {
    return buffer.isEmpty() && optimisticLocks.isEmpty() && pessimisticLocks.isEmpty();
  }

  @Override
  public boolean isValid() {
    return valid && !storage.isClosed();
  }

  @Override
  public void commit() {
    checkUsable();
    valid = false;
    try {
      if (isReadOnly()) {
        return;
      }
      List<TwoPhaseCommitter.Mut> mutations = mutations();
      byte[] primary = pessimisticPrimary != null ? pessimisticPrimary : mutations.get(0).key();
      long ttl = options.pessimistic()
          ? env.config().managedLockTtl().toMillis()
          : env.config().lockTtlMillis(buffer.size());
      if (ttlManager == null && buffer.size() >= env.config().ttlSizeThresholdBytes()) {
        ttlManager = new TtlManager(env.rpc(), env.scheduler(), primary, startTs,
            env.config().managedLockTtl().toMillis(), System::currentTimeMillis);
        ttl = Math.max(ttl, env.config().managedLockTtl().toMillis());
      }
      long forUpdateTs = options.pessimistic() ? Math.max(maxForUpdateTs, startTs) : 0;
      commitTs = new TwoPhaseCommitter(env, startTs, primary, mutations, forUpdateTs, ttl).execute();
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, startTs);
    } finally {
      end();
    }
  }

  /** The buffer's writes plus locked-only keys as {@code Op.Lock}, in key order. */
  private List<TwoPhaseCommitter.Mut> mutations() {
    List<TwoPhaseCommitter.Mut> out = new ArrayList<>(buffer.len() + optimisticLocks.size() + pessimisticLocks.size());
    TreeSet<Key> lockOnly = new TreeSet<>(optimisticLocks);
    lockOnly.addAll(pessimisticLocks.keySet());
    try (KvIterator<BufferEntry> it = buffer.iterateEntries(KeyRange.all())) {
      while (it.hasNext()) {
        BufferEntry e = it.next();
        lockOnly.remove(e.key());
        boolean locked = pessimisticLocks.containsKey(e.key());
        out.add(new TwoPhaseCommitter.Mut(e.key().toByteArray(), e.isDelete() ? Op.Del : Op.Put, e.value(), locked));
      }
    }
    for (Key k : lockOnly) {
      out.add(new TwoPhaseCommitter.Mut(k.toByteArray(), Op.Lock, null, pessimisticLocks.containsKey(k)));
    }
    out.sort((a, b) -> java.util.Arrays.compareUnsigned(a.key(), b.key()));
    return out;
  }

  @Override
  public void rollback() {
    checkUsable();
    valid = false;
    try {
      releasePessimisticLocks();
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, startTs);
    } finally {
      end();
    }
  }

  private void releasePessimisticLocks() {
    if (!pessimisticLocks.isEmpty()) {
      List<byte[]> keys = pessimisticLocks.keySet().stream().map(Key::toByteArray).toList();
      locker.rollback(keys, Math.max(maxForUpdateTs, startTs));
    }
  }

  private void end() {
    if (ttlManager != null) {
      ttlManager.close();
    }
    storage.unregister(this);
  }

  /** Rolls back a transaction still open when its storage closes; never throws. */
  void abortByStorage() {
    if (!valid) {
      return;
    }
    valid = false;
    try {
      releasePessimisticLocks();
    } catch (RuntimeException e) {
      // Locks expire with their TTL.
    } finally {
      if (ttlManager != null) {
        ttlManager.close();
      }
    }
  }

  @Override
  public long commitTs() {
    if (commitTs == 0) {
      throw new IllegalStateException("transaction " + startTs + " has not committed any write");
    }
    return commitTs;
  }

  @Override
  public void close() {
    if (valid && !storage.isClosed()) {
      rollback();
    }
  }
}
