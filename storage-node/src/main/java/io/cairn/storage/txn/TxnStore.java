package io.cairn.storage.txn;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.KeyErrorException;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.MvccTxn;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RequestContext;
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
 * <p>Every command runs on one region through the {@link RegionEngine} seam: its snapshot and
 * its write batch carry the request's {@link RequestContext}, whose keys the command sets to
 * the keys it touches. A command refused by the seam throws {@link RegionException} and has
 * written nothing (a {@code StaleCommand} may or may not have been applied). Region-wide
 * scans (resolve_lock without keys, scan_lock) see only the region's keys.
 *
 * <p>Keys in requests and results are raw user keys. Timestamps come from the caller (PD's
 * TSO), except a one-phase commit's, which the store picks above its {@link ConcurrencyManager}
 * max_ts; {@code currentTs} arguments measure lock TTLs. Thread-safe: commands on disjoint keys
 * run in parallel.
 */
public final class TxnStore {
  /** Keys resolved per resolve_lock command, as TiKV's RESOLVE_LOCK_BATCH_SIZE. */
  static final int RESOLVE_BATCH = 256;

  private final RegionEngine engine;
  private final Latches latches;
  private final LockWaitManager lockWaits;
  private final ConcurrencyManager concurrency;
  private final MaxTsSync maxTsSync;

  /**
   * @param concurrency the store's max_ts, shared with every reader of the store
   * @param maxTsSync tells whether a region's max_ts covers all its reads, a condition of
   *     one-phase commit
   */
  public TxnStore(RegionEngine engine, Latches latches, LockWaitManager lockWaits,
      ConcurrencyManager concurrency, MaxTsSync maxTsSync) {
    this.engine = engine;
    this.latches = latches;
    this.lockWaits = lockWaits;
    this.concurrency = concurrency;
    this.maxTsSync = maxTsSync;
  }

  /**
   * A store whose only readers go through this object's caller and whose regions never move
   * (tools and benchmarks over one in-process engine): its own max_ts, always synced.
   */
  public TxnStore(RegionEngine engine, Latches latches, LockWaitManager lockWaits) {
    this(engine, latches, lockWaits, new ConcurrencyManager(), MaxTsSync.ALWAYS_SYNCED);
  }

  @FunctionalInterface
  private interface Body<T> {
    T run(MvccTxn txn, MvccReader reader);
  }

  private <T> T execute(RequestContext ctx, List<byte[]> userKeys, Body<T> body) {
    List<byte[]> encoded = userKeys.stream().map(Keys::encode).toList();
    RequestContext keyed = ctx.withKeys(userKeys);
    List<byte[]> released;
    T result;
    try (Latches.Guard ignored = latches.acquire(encoded);
        EngineSnapshot snap = engine.snapshot(keyed)) {
      MvccTxn txn = new MvccTxn(engine.newWriteBatch());
      result = body.run(txn, new MvccReader(snap));
      if (!txn.batch().isEmpty()) {
        engine.write(keyed, txn.batch());
      }
      released = txn.releasedLocks();
    }
    if (!released.isEmpty()) {
      lockWaits.wakeUp(released);
    }
    return result;
  }

  /** Runs {@code body}; a key error thrown by an action fails the whole command, writing nothing. */
  private Optional<KeyError> executeAll(
      RequestContext ctx, List<byte[]> userKeys, Body<Void> body) {
    return execute(ctx, userKeys, (txn, reader) -> {
      try {
        body.run(txn, reader);
        return Optional.empty();
      } catch (KeyErrorException e) {
        txn.discard();
        return Optional.of(e.error());
      }
    });
  }

  /**
   * kv_prewrite. With {@link PrewriteRequest#tryOnePc()} the transaction commits in one phase
   * (TiKV's 1PC): the same checks as a prewrite, then commit records at a commit timestamp of
   * max(start_ts + 1, for_update_ts + 1, every lock's min_commit_ts, max_ts + 1) instead of
   * locks; pessimistic locks of the transaction are replaced by those records. It falls back to
   * a plain prewrite (locks written, {@code onePcCommitTs} 0) when this store's max_ts is not
   * yet synced for its leadership of the region, when that timestamp exceeds a non-zero
   * {@code maxCommitTs}, or when the request is a retry that finds the transaction's own locks
   * or commit records already there. The chosen commit ts is observed into max_ts, so one-phase
   * commits on one store never share a commit ts (across stores they may, as in TiKV).
   */
  public PrewriteResult prewrite(RequestContext ctx, PrewriteRequest req) {
    List<byte[]> keys = req.mutations().stream().map(Mutation::key).toList();
    requireDistinct(keys);
    long txnSize = req.txnSize() != 0 ? req.txnSize() : keys.size();
    TxnProps props = new TxnProps(req.primary(), req.startTs(), req.lockTtl(), txnSize,
        req.forUpdateTs(), req.minCommitTs());
    ConcurrencyManager.KeyGuard[] guard = new ConcurrencyManager.KeyGuard[1];
    try {
      return execute(ctx, keys, (txn, reader) -> {
        List<Prewrite.Prepared> prepared = new ArrayList<>();
        List<KeyError> locked = new ArrayList<>();
        for (int i = 0; i < req.mutations().size(); i++) {
          boolean expectLock =
              !req.pessimisticLocks().isEmpty() && req.pessimisticLocks().get(i);
          try {
            prepared.add(Prewrite.prepare(txn, reader, props, req.mutations().get(i),
                expectLock));
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
        if (req.tryOnePc() && prepared.stream().noneMatch(Prewrite.Prepared::retry)) {
          // taken before max_ts is read, so a reader that raised it later waits for our write
          guard[0] = concurrency.lockKeys(keys);
          // before max_ts is read: once synced is seen, the sync's PD timestamp is in it
          boolean synced = maxTsSync.isSynced(ctx.regionId());
          long maxTs = concurrency.maxTs();
          long commitTs = Math.max(maxTs, Math.max(req.startTs(), req.forUpdateTs())) + 1;
          for (Prewrite.Prepared p : prepared) {
            if (p.lock() != null) {
              commitTs = Math.max(commitTs, p.lock().minCommitTs());
            }
          }
          if (synced && (req.maxCommitTs() == 0 || commitTs <= req.maxCommitTs())) {
            guard[0].setCommitTs(commitTs);
            // the next one-phase commit on this store picks a later ts: commit ts stay distinct
            concurrency.observe(commitTs);
            commitInOnePhase(txn, reader, prepared, req.startTs(), commitTs);
            return new PrewriteResult(List.of(), 0, commitTs);
          }
          // not synced, or too late for the caller's bound: a prewrite, whose locks guard readers
          guard[0].close();
          guard[0] = null;
        }
        long minCommitTs = 0;
        for (Prewrite.Prepared p : prepared) {
          if (p.lock() != null) {
            txn.putLock(p.key(), p.lock());
            minCommitTs = Math.max(minCommitTs, p.lock().minCommitTs());
          } else {
            minCommitTs = Math.max(minCommitTs, p.existingMinCommitTs());
          }
        }
        return new PrewriteResult(List.of(), minCommitTs);
      });
    } finally {
      if (guard[0] != null) {
        guard[0].close();
      }
    }
  }

  private static void commitInOnePhase(MvccTxn txn, MvccReader reader,
      List<Prewrite.Prepared> prepared, long startTs, long commitTs) {
    for (Prewrite.Prepared p : prepared) {
      if (p.lock() != null) {
        Write write = Write.of(WriteType.fromLockType(p.lock().type()), startTs,
            p.lock().shortValue());
        Write taken = reader.getWrite(p.key(), commitTs);
        if (taken != null && taken.type() == WriteType.ROLLBACK) {
          // the rollback of the transaction that started at our commit_ts must survive
          write = write.withOverlappedRollback();
        }
        txn.putWrite(p.key(), commitTs, write);
      }
      if (p.replacesLock()) {
        txn.unlockKey(p.key());
      }
    }
  }

  /** kv_commit: commits every key or, on the first error, none. */
  public Optional<KeyError> commit(
      RequestContext ctx, List<byte[]> keys, long startTs, long commitTs) {
    return executeAll(ctx, keys, (txn, reader) -> {
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
  public Optional<KeyError> cleanup(
      RequestContext ctx, byte[] key, long startTs, long currentTs) {
    return executeAll(ctx, List.of(key), (txn, reader) -> {
      Cleanup.cleanup(txn, reader, key, startTs, currentTs, false);
      return null;
    });
  }

  /** kv_batch_rollback: rolls back every key of {@code startTs}; refused if any committed. */
  public Optional<KeyError> rollback(RequestContext ctx, List<byte[]> keys, long startTs) {
    requireDistinct(keys);
    return executeAll(ctx, keys, (txn, reader) -> {
      for (byte[] key : keys) {
        Cleanup.cleanup(txn, reader, key, startTs, 0, false);
      }
      return null;
    });
  }

  /** kv_check_txn_status on the primary key of transaction {@code lockTs}. */
  public Outcome<TxnStatus> checkTxnStatus(RequestContext ctx,
      byte[] primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist,
      boolean resolvingPessimisticLock) {
    // as TiKV: a later one-phase commit must not land below the caller's snapshot
    observeIfSet(callerStartTs);
    observeIfSet(currentTs);
    return execute(ctx, List.of(primary), (txn, reader) -> {
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
  public Outcome<Long> txnHeartbeat(
      RequestContext ctx, byte[] primary, long startTs, long adviseTtl) {
    return execute(ctx, List.of(primary), (txn, reader) -> {
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
  public Optional<KeyError> resolveLock(
      RequestContext ctx, Map<Long, Long> txnStatus, byte[] start, byte[] end) {
    byte[] from = start;
    while (true) {
      List<LockInfo> batch = scanLocks(ctx, from, end, RESOLVE_BATCH,
          lock -> txnStatus.containsKey(lock.startTs()));
      if (batch.isEmpty()) {
        return Optional.empty();
      }
      List<byte[]> keys = batch.stream().map(LockInfo::key).toList();
      Optional<KeyError> err = executeAll(ctx, keys, (txn, reader) -> {
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
  public Optional<KeyError> resolveLockLite(
      RequestContext ctx, long startTs, long commitTs, List<byte[]> keys) {
    requireDistinct(keys);
    return executeAll(ctx, keys, (txn, reader) -> {
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
  public PessimisticLockResult acquirePessimisticLock(
      RequestContext ctx, PessimisticLockRequest req)
      throws InterruptedException {
    requireDistinct(req.keys());
    long deadline = System.nanoTime() + req.waitTimeoutMs() * 1_000_000L;
    while (true) {
      LockWaitManager.Waiter[] waiter = new LockWaitManager.Waiter[1];
      PessimisticLockResult result = execute(ctx, req.keys(), (txn, reader) -> {
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
  public void pessimisticRollback(
      RequestContext ctx, List<byte[]> keys, long startTs, long forUpdateTs) {
    requireDistinct(keys);
    execute(ctx, keys, (txn, reader) -> {
      for (byte[] key : keys) {
        PessimisticRollback.rollback(txn, reader, key, startTs, forUpdateTs);
      }
      return null;
    });
  }

  /** kv_scan_lock: up to {@code limit} locks in {@code [start, end)} with start_ts ≤ maxTs. */
  public List<LockInfo> scanLock(
      RequestContext ctx, long maxTs, byte[] start, byte[] end, int limit) {
    return scanLocks(ctx, start, end, limit, lock -> lock.startTs() <= maxTs);
  }

  private List<LockInfo> scanLocks(
      RequestContext ctx, byte[] start, byte[] end, int limit, Predicate<Lock> filter) {
    List<LockInfo> out = new ArrayList<>();
    try (EngineSnapshot snap = engine.snapshot(ctx);
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

  /** Observes {@code ts} unless it is 0 or the "maximum" (u64::MAX, -1 as a long) marker. */
  private void observeIfSet(long ts) {
    if (ts > 0 && ts != Long.MAX_VALUE) {
      concurrency.observe(ts);
    }
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
