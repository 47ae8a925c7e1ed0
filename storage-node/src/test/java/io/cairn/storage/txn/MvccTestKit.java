package io.cairn.storage.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.gc.GcWorker;
import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.TxnCommitRecord;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.MvccReader;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TiKV's MVCC test vocabulary ({@code must_prewrite_put}, {@code must_commit}, ...) over one
 * in-memory store. Keys and values are strings (UTF-8); a {@code must*} method asserts success,
 * a {@code must*Err} method asserts failure and returns the error.
 */
public final class MvccTestKit {
  public final KvEngine engine;
  public final Latches latches = new Latches(256);
  public final LockWaitManager lockWaits = new LockWaitManager(new DeadlockDetector());
  public final TxnStore store;
  public final SnapshotReader reader;
  public final GcWorker gc;

  public MvccTestKit() {
    this(new MemoryEngine());
  }

  public MvccTestKit(KvEngine engine) {
    this.engine = engine;
    this.store = new TxnStore(engine, latches, lockWaits);
    this.reader = new SnapshotReader(engine);
    this.gc = new GcWorker(engine, 3);
  }

  public static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  // ---- prewrite

  public PrewriteResult prewrite(Mutation m, String primary, long startTs, long ttl) {
    return store.prewrite(PrewriteRequest.optimistic(List.of(m), b(primary), startTs, ttl));
  }

  public void mustPrewrite(Mutation m, String primary, long startTs) {
    PrewriteResult r = prewrite(m, primary, startTs, 0);
    assertThat(r.errors()).as("prewrite %s", m).isEmpty();
  }

  public KeyError mustPrewriteErr(Mutation m, String primary, long startTs) {
    PrewriteResult r = prewrite(m, primary, startTs, 0);
    assertThat(r.errors()).as("prewrite %s errors", m).hasSize(1);
    return r.errors().get(0);
  }

  public void mustPrewritePut(String key, String value, String primary, long startTs) {
    mustPrewritePut(key, value, primary, startTs, 0);
  }

  public void mustPrewritePut(String key, String value, String primary, long startTs, long ttl) {
    PrewriteResult r = prewrite(Mutation.put(b(key), b(value)), primary, startTs, ttl);
    assertThat(r.errors()).as("prewrite put %s", key).isEmpty();
  }

  public KeyError mustPrewritePutErr(String key, String value, String primary, long startTs) {
    return mustPrewriteErr(Mutation.put(b(key), b(value)), primary, startTs);
  }

  public void mustPrewriteDelete(String key, String primary, long startTs) {
    mustPrewrite(Mutation.delete(b(key)), primary, startTs);
  }

  public void mustPrewriteLock(String key, String primary, long startTs) {
    mustPrewrite(Mutation.lock(b(key)), primary, startTs);
  }

  public void mustPessimisticPrewritePut(
      String key, String value, String primary, long startTs, long forUpdateTs,
      boolean isPessimisticLock) {
    PrewriteResult r = pessimisticPrewrite(
        Mutation.put(b(key), b(value)), primary, startTs, forUpdateTs, isPessimisticLock);
    assertThat(r.errors()).as("pessimistic prewrite put %s", key).isEmpty();
  }

  public KeyError mustPessimisticPrewritePutErr(
      String key, String value, String primary, long startTs, long forUpdateTs,
      boolean isPessimisticLock) {
    PrewriteResult r = pessimisticPrewrite(
        Mutation.put(b(key), b(value)), primary, startTs, forUpdateTs, isPessimisticLock);
    assertThat(r.errors()).hasSize(1);
    return r.errors().get(0);
  }

  public PrewriteResult pessimisticPrewrite(
      Mutation m, String primary, long startTs, long forUpdateTs, boolean isPessimisticLock) {
    return store.prewrite(PrewriteRequest.pessimistic(
        List.of(m), b(primary), startTs, 0, forUpdateTs, List.of(isPessimisticLock)));
  }

  // ---- pessimistic locks

  public PessimisticLockResult acquirePessimisticLock(
      String key, String primary, long startTs, long forUpdateTs, long waitMs) {
    try {
      return store.acquirePessimisticLock(PessimisticLockRequest.of(
          List.of(b(key)), b(primary), startTs, forUpdateTs, 0, waitMs));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public void mustAcquirePessimisticLock(String key, String primary, long startTs, long forUpdateTs) {
    PessimisticLockResult r = acquirePessimisticLock(key, primary, startTs, forUpdateTs, 0);
    assertThat(r.error()).as("pessimistic lock %s", key).isNull();
  }

  public KeyError mustAcquirePessimisticLockErr(
      String key, String primary, long startTs, long forUpdateTs) {
    PessimisticLockResult r = acquirePessimisticLock(key, primary, startTs, forUpdateTs, 0);
    assertThat(r.error()).as("pessimistic lock %s", key).isNotNull();
    return r.error();
  }

  public void mustPessimisticRollback(String key, long startTs, long forUpdateTs) {
    store.pessimisticRollback(List.of(b(key)), startTs, forUpdateTs);
  }

  public void mustPessimisticLocked(String key, long startTs, long forUpdateTs) {
    Lock lock = mustLocked(key, startTs);
    assertThat(lock.type()).isEqualTo(LockType.PESSIMISTIC);
    assertThat(lock.forUpdateTs()).isEqualTo(forUpdateTs);
  }

  // ---- commit / rollback

  public void mustCommit(String key, long startTs, long commitTs) {
    assertThat(store.commit(List.of(b(key)), startTs, commitTs)).as("commit %s", key).isEmpty();
  }

  public KeyError mustCommitErr(String key, long startTs, long commitTs) {
    Optional<KeyError> e = store.commit(List.of(b(key)), startTs, commitTs);
    assertThat(e).as("commit %s", key).isPresent();
    return e.get();
  }

  public void mustRollback(String key, long startTs) {
    assertThat(store.rollback(List.of(b(key)), startTs)).as("rollback %s", key).isEmpty();
  }

  public KeyError mustRollbackErr(String key, long startTs) {
    Optional<KeyError> e = store.rollback(List.of(b(key)), startTs);
    assertThat(e).as("rollback %s", key).isPresent();
    return e.get();
  }

  public void mustCleanup(String key, long startTs, long currentTs) {
    assertThat(store.cleanup(b(key), startTs, currentTs)).as("cleanup %s", key).isEmpty();
  }

  public KeyError mustCleanupErr(String key, long startTs, long currentTs) {
    Optional<KeyError> e = store.cleanup(b(key), startTs, currentTs);
    assertThat(e).as("cleanup %s", key).isPresent();
    return e.get();
  }

  // ---- status and resolution

  public TxnStatus mustCheckTxnStatus(
      String primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist) {
    Outcome<TxnStatus> o = store.checkTxnStatus(
        b(primary), lockTs, callerStartTs, currentTs, rollbackIfNotExist, false);
    assertThat(o.error()).as("check_txn_status %s", primary).isNull();
    return o.value();
  }

  public KeyError mustCheckTxnStatusErr(
      String primary, long lockTs, long callerStartTs, long currentTs, boolean rollbackIfNotExist) {
    Outcome<TxnStatus> o = store.checkTxnStatus(
        b(primary), lockTs, callerStartTs, currentTs, rollbackIfNotExist, false);
    assertThat(o.error()).as("check_txn_status %s", primary).isNotNull();
    return o.error();
  }

  /** Resolves every lock of {@code startTs} in the store: commit at commitTs, or 0 to roll back. */
  public void mustResolveLock(long startTs, long commitTs) {
    assertThat(store.resolveLock(Map.of(startTs, commitTs), null, null)).isEmpty();
  }

  public GcWorker.Stats mustGc(long safePoint) {
    return gc.gc(safePoint, null, null);
  }

  // ---- reads

  public void mustGet(String key, long ts, String expected) {
    KvEntry e = reader.get(b(key), ts, ReadOptions.DEFAULT);
    assertThat(e.error()).as("get %s@%d", key, ts).isNull();
    assertThat(s(e.value())).as("get %s@%d", key, ts).isEqualTo(expected);
  }

  public void mustGetNone(String key, long ts) {
    mustGet(key, ts, null);
  }

  public KeyError mustGetErr(String key, long ts) {
    KvEntry e = reader.get(b(key), ts, ReadOptions.DEFAULT);
    assertThat(e.error()).as("get %s@%d", key, ts).isNotNull();
    return e.error();
  }

  /** Scan as "k=v" strings ("k!" for a locked key). */
  public List<String> scan(String start, String end, int limit, long ts, boolean reverse) {
    List<String> out = new ArrayList<>();
    for (KvEntry e : reader.scan(start == null ? null : b(start), end == null ? null : b(end),
        limit, ts, false, reverse, ReadOptions.DEFAULT)) {
      out.add(e.isError() ? s(e.key()) + "!" : s(e.key()) + "=" + s(e.value()));
    }
    return out;
  }

  // ---- raw state

  private MvccReader mvcc() {
    return new MvccReader(engine);
  }

  public Lock mustLocked(String key, long startTs) {
    Lock lock = mvcc().loadLock(Keys.encode(b(key)));
    assertThat(lock).as("lock of %s", key).isNotNull();
    assertThat(lock.startTs()).as("lock start_ts of %s", key).isEqualTo(startTs);
    return lock;
  }

  public void mustUnlocked(String key) {
    assertThat(mvcc().loadLock(Keys.encode(b(key)))).as("lock of %s", key).isNull();
  }

  public Write mustWritten(String key, long startTs, long commitTs, WriteType type) {
    Write w = mvcc().getWrite(Keys.encode(b(key)), commitTs);
    assertThat(w).as("write of %s@%d", key, commitTs).isNotNull();
    assertThat(w.startTs()).isEqualTo(startTs);
    assertThat(w.type()).isEqualTo(type);
    return w;
  }

  public void mustNotWritten(String key, long commitTs) {
    assertThat(mvcc().getWrite(Keys.encode(b(key)), commitTs)).as("write of %s@%d", key, commitTs).isNull();
  }

  public void mustGetCommitTs(String key, long startTs, long commitTs) {
    TxnCommitRecord r = mvcc().getTxnCommitRecord(Keys.encode(b(key)), startTs);
    assertThat(r).isEqualTo(new TxnCommitRecord.Committed(commitTs,
        mvcc().getWrite(Keys.encode(b(key)), commitTs)));
  }

  public void mustGetRolledBack(String key, long startTs) {
    assertThat(mvcc().getTxnCommitRecord(Keys.encode(b(key)), startTs))
        .isInstanceOf(TxnCommitRecord.RolledBack.class);
  }
}
