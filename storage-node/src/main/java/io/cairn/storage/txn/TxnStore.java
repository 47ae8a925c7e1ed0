package io.cairn.storage.txn;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.KeyErrorException;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.txn.actions.AcquirePessimisticLock;
import io.cairn.storage.txn.actions.CheckTxnStatus;
import io.cairn.storage.txn.actions.Cleanup;
import io.cairn.storage.txn.actions.Commit;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.PessimisticRollback;
import io.cairn.storage.txn.actions.Prewrite;
import io.cairn.storage.txn.actions.TxnHeartbeat;
import io.cairn.storage.txn.actions.TxnProps;
import io.cairn.storage.txn.actions.TxnStatus;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The transactional write commands of a storage node (TiKV txn/commands), each composed of
 * per-key actions. A command takes the latches of its keys, reads one engine snapshot taken
 * after that, collects its writes into one {@link MvccTxn}, and applies that single write
 * batch before releasing the latches — so a command is atomic, and Raft can later replicate
 * exactly that batch. A command whose request fails writes nothing.
 *
 * <p>Keys in requests and results are raw user keys. Timestamps come from the caller (PD's
 * TSO); {@code currentTs} arguments measure lock TTLs. Thread-safe: commands on disjoint keys
 * run in parallel.
 */
public final class TxnStore {
  /** Keys resolved per resolve_lock command, as TiKV's RESOLVE_LOCK_BATCH_SIZE. */
  static final int RESOLVE_BATCH = 256;

  private final KvEngine engine;
  private final Latches latches;
  private final LockWaitManager lockWaits;

  public TxnStore(KvEngine engine, Latches latches, LockWaitManager lockWaits) {
    this.engine = engine;
    this.latches = latches;
    this.lockWaits = lockWaits;
  }

  @FunctionalInterface
  private interface Body<T> {
    T run(MvccTxn txn, MvccReader reader);
  }

  private <T> T execute(List<byte[]> userKeys, Body<T> body) {
    List<byte[]> encoded = userKeys.stream().map(Keys::encode).toList();
    List<byte[]> released;
    T result;
    try (Latches.Guard ignored = latches.acquire(encoded);
        EngineSnapshot snap = engine.snapshot()) {
      MvccTxn txn = new MvccTxn(engine.newWriteBatch());
      result = body.run(txn, new MvccReader(snap));
      if (!txn.batch().isEmpty()) {
        engine.write(txn.batch());
      }
      released = txn.releasedLocks();
    }
    if (!released.isEmpty()) {
      lockWaits.wakeUp(released);
    }
    return result;
  }

  /** Runs {@code body}; a key error thrown by an action fails the whole command, writing nothing. */
  private Optional<KeyError> executeAll(List<byte[]> userKeys, Body<Void> body) {
    return execute(userKeys, (txn, reader) -> {
      try {
        body.run(txn, reader);
        return Optional.empty();
      } catch (KeyErrorException e) {
        txn.discard();
        return Optional.of(e.error());
      }
    });
  }

  /** kv_prewrite. */
  public PrewriteResult prewrite(PrewriteRequest req) {
    List<byte[]> keys = req.mutations().stream().map(Mutation::key).toList();
    requireDistinct(keys);
    long txnSize = req.txnSize() != 0 ? req.txnSize() : keys.size();
    TxnProps props = new TxnProps(req.primary(), req.startTs(), req.lockTtl(), txnSize,
        req.forUpdateTs(), req.minCommitTs());
    return execute(keys, (txn, reader) -> {
      List<KeyError> locked = new ArrayList<>();
      long minCommitTs = 0;
      for (int i = 0; i < req.mutations().size(); i++) {
        boolean expectLock = !req.pessimisticLocks().isEmpty() && req.pessimisticLocks().get(i);
        try {
          minCommitTs = Math.max(minCommitTs,
              Prewrite.prewrite(txn, reader, props, req.mutations().get(i), expectLock));
        } catch (KeyErrorException e) {
          if (!(e.error() instanceof KeyError.Locked)) {
            txn.discard();
            return new PrewriteResult(List.of(e.error()), 0);
          }
          locked.add(e.error());
        }
      }
      if (!locked.isEmpty()) {
        txn.discard();
        return new PrewriteResult(locked, 0);
      }
      return new PrewriteResult(List.of(), minCommitTs);
    });
  }

  /** kv_commit: commits every key or, on the first error, none. */
  public Optional<KeyError> commit(List<byte[]> keys, long startTs, long commitTs) {
    return executeAll(keys, (txn, reader) -> {
      for (byte[] key : keys) {
        Commit.commit(txn, reader, key, startTs, commitTs);
      }
      return null;
    });
  }

  /**
   * kv_cleanup: rolls back {@code key} of {@code startTs} if its lock expired by
   * {@code currentTs} (0: unconditionally). {@link KeyError.Committed} if it committed.
   */
  public Optional<KeyError> cleanup(byte[] key, long startTs, long currentTs) {
    return executeAll(List.of(key), (txn, reader) -> {
      Cleanup.cleanup(txn, reader, key, startTs, currentTs, false);
      return null;
    });
  }

  /** kv_batch_rollback: rolls back every key of {@code startTs}; refused if any committed. */
  public Optional<KeyError> rollback(List<byte[]> keys, long startTs) {
    requireDistinct(keys);
    return executeAll(keys, (txn, reader) -> {
      for (byte[] key : keys) {
        Cleanup.cleanup(txn, reader, key, startTs, 0, false);
      }
      return null;
    });
  }

  /** kv_check_txn_status on the primary key of transaction {@code lockTs}. */
  public Outcome<TxnStatus> checkTxnStatus(
      byte[] primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist,
      boolean resolvingPessimisticLock) {
    return execute(List.of(primary), (txn, reader) -> {
      try {
        return Outcome.ok(CheckTxnStatus.checkTxnStatus(txn, reader, primary, lockTs,
            callerStartTs, currentTs, rollbackIfNotExist, resolvingPessimisticLock));
      } catch (KeyErrorException e) {
        txn.discard();
        return Outcome.failed(e.error());
      }
    });
  }

  /** kv_txn_heartbeat: the primary lock's TTL after raising it to {@code adviseTtl}. */
  public Outcome<Long> txnHeartbeat(byte[] primary, long startTs, long adviseTtl) {
    return execute(List.of(primary), (txn, reader) -> {
      try {
        return Outcome.ok(TxnHeartbeat.heartbeat(txn, reader, primary, startTs, adviseTtl));
      } catch (KeyErrorException e) {
        txn.discard();
        return Outcome.failed(e.error());
      }
    });
  }

  /**
   * kv_resolve_lock: for every lock in {@code [start, end)} (null = unbounded) whose start_ts
   * is a key of {@code txnStatus}, commits it at the mapped commit_ts or, when that is 0, rolls
   * it back. Runs as several commands of at most {@value #RESOLVE_BATCH} keys each.
   */
  public Optional<KeyError> resolveLock(Map<Long, Long> txnStatus, byte[] start, byte[] end) {
    byte[] from = start;
    while (true) {
      List<LockInfo> batch = scanLocks(from, end, RESOLVE_BATCH,
          lock -> txnStatus.containsKey(lock.startTs()));
      if (batch.isEmpty()) {
        return Optional.empty();
      }
      List<byte[]> keys = batch.stream().map(LockInfo::key).toList();
      Optional<KeyError> err = executeAll(keys, (txn, reader) -> {
        for (byte[] key : keys) {
          Lock lock = reader.loadLock(Keys.encode(key));
          if (lock == null || !txnStatus.containsKey(lock.startTs())) {
            continue;
          }
          resolveOne(txn, reader, key, lock.startTs(), txnStatus.get(lock.startTs()));
        }
        return null;
      });
      if (err.isPresent() || batch.size() < RESOLVE_BATCH) {
        return err;
      }
      byte[] last = keys.get(keys.size() - 1);
      from = successor(last);
    }
  }

  /** kv_resolve_lock with keys (TiKV's resolve-lock-lite): one command. */
  public Optional<KeyError> resolveLockLite(long startTs, long commitTs, List<byte[]> keys) {
    requireDistinct(keys);
    return executeAll(keys, (txn, reader) -> {
      for (byte[] key : keys) {
        resolveOne(txn, reader, key, startTs, commitTs);
      }
      return null;
    });
  }

  private static void resolveOne(
      MvccTxn txn, MvccReader reader, byte[] key, long startTs, long commitTs) {
    if (commitTs == 0) {
      Cleanup.cleanup(txn, reader, key, startTs, 0, false);
    } else {
      Commit.commit(txn, reader, key, startTs, commitTs);
    }
  }

  /**
   * kv_pessimistic_lock: locks every key or none. When a key is locked by another transaction
   * and {@code waitTimeoutMs > 0}, waits for that lock's release (retrying the whole request)
   * until the timeout, then answers {@code Locked}; a wait that would close a cycle answers
   * {@code Deadlock} at once.
   */
  public PessimisticLockResult acquirePessimisticLock(PessimisticLockRequest req)
      throws InterruptedException {
    requireDistinct(req.keys());
    long deadline = System.nanoTime() + req.waitTimeoutMs() * 1_000_000L;
    while (true) {
      LockWaitManager.Waiter[] waiter = new LockWaitManager.Waiter[1];
      PessimisticLockResult result = execute(req.keys(), (txn, reader) -> {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < req.keys().size(); i++) {
          byte[] key = req.keys().get(i);
          boolean notExist = !req.shouldNotExist().isEmpty() && req.shouldNotExist().get(i);
          try {
            values.add(AcquirePessimisticLock.acquire(txn, reader,
                new AcquirePessimisticLock.Request(key, notExist, req.primary(), req.startTs(),
                    req.lockTtl(), req.forUpdateTs(), req.minCommitTs(), req.returnValues())));
          } catch (KeyErrorException e) {
            txn.discard();
            if (e.error() instanceof KeyError.Locked locked && req.waitTimeoutMs() > 0
                && System.nanoTime() < deadline) {
              // Registered under the latch: the holder cannot release unseen.
              LockWaitManager.Registration reg = lockWaits.register(
                  Keys.encode(key), key, req.startTs(), locked.lock().lockVersion());
              if (reg.deadlock() != null) {
                return new PessimisticLockResult(null, reg.deadlock());
              }
              waiter[0] = reg.waiter();
            }
            return new PessimisticLockResult(null, e.error());
          }
        }
        return new PessimisticLockResult(req.returnValues() ? values : null, null);
      });
      if (waiter[0] == null) {
        return result;
      }
      try {
        if (!lockWaits.await(waiter[0], deadline - System.nanoTime())) {
          return result;
        }
      } finally {
        lockWaits.finish(waiter[0]);
      }
    }
  }

  /** kv_pessimistic_rollback: removes this transaction's pessimistic locks on {@code keys}. */
  public void pessimisticRollback(List<byte[]> keys, long startTs, long forUpdateTs) {
    requireDistinct(keys);
    execute(keys, (txn, reader) -> {
      for (byte[] key : keys) {
        PessimisticRollback.rollback(txn, reader, key, startTs, forUpdateTs);
      }
      return null;
    });
  }

  /** kv_scan_lock: up to {@code limit} locks in {@code [start, end)} with start_ts ≤ maxTs. */
  public List<LockInfo> scanLock(long maxTs, byte[] start, byte[] end, int limit) {
    return scanLocks(start, end, limit, lock -> lock.startTs() <= maxTs);
  }

  private List<LockInfo> scanLocks(
      byte[] start, byte[] end, int limit, Predicate<Lock> filter) {
    List<LockInfo> out = new ArrayList<>();
    try (EngineSnapshot snap = engine.snapshot();
        EngineIterator it = snap.iterator(ColumnFamily.LOCK,
            start == null ? null : Keys.encode(start), end == null ? null : Keys.encode(end))) {
      for (boolean ok = it.seekToFirst(); ok && out.size() < limit; ok = it.next()) {
        Lock lock = Lock.parse(it.value());
        if (filter.test(lock)) {
          out.add(lock.toLockInfo(Keys.decode(it.key())));
        }
      }
    }
    return out;
  }

  /** The smallest key greater than {@code key}. */
  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  private static void requireDistinct(List<byte[]> keys) {
    Set<ByteBuffer> seen = new HashSet<>();
    for (byte[] k : keys) {
      if (!seen.add(ByteBuffer.wrap(k))) {
        throw new IllegalArgumentException("duplicate key in request: " + Keys.hex(k));
      }
    }
  }
}
