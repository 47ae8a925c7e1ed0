package io.cairn.storage.txn;

import static io.cairn.storage.txn.MvccTestKit.b;
import static io.cairn.storage.txn.MvccTestKit.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.Lock;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.mvcc.TimeStamps;
import io.cairn.storage.mvcc.Write;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PercolatorTest {
  private final MvccTestKit t = new MvccTestKit();

  private static long ts(long physicalMs) {
    return TimeStamps.compose(physicalMs, 0);
  }

  @Test
  void prewriteCommitAndReadAtTimestamps() {
    t.mustPrewritePut("k", "v1", "k", 5);
    t.mustCommit("k", 5, 10);
    t.mustPrewriteDelete("k", "k", 15);
    t.mustCommit("k", 15, 20);
    t.mustPrewritePut("k", "v3", "k", 25);
    t.mustCommit("k", 25, 30);

    t.mustGetNone("k", 9);
    t.mustGet("k", 10, "v1");
    t.mustGet("k", 19, "v1");
    t.mustGetNone("k", 20);
    t.mustGetNone("k", 29);
    t.mustGet("k", 30, "v3");
    t.mustGet("k", TimeStamps.MAX, "v3");
    t.mustWritten("k", 5, 10, WriteType.PUT);
    t.mustWritten("k", 15, 20, WriteType.DELETE);
    t.mustUnlocked("k");
  }

  @Test
  void longValuesLiveInCfDefaultShortOnesInline() {
    String longValue = "x".repeat(300);
    t.mustPrewritePut("big", longValue, "big", 5);
    t.mustPrewritePut("small", "y".repeat(255), "big", 5);
    assertThat(t.mustLocked("big", 5).shortValue()).isNull();
    assertThat(t.mustLocked("small", 5).shortValue()).hasSize(255);
    t.mustCommit("big", 5, 6);
    t.mustCommit("small", 5, 6);
    assertThat(t.mustWritten("big", 5, 6, WriteType.PUT).shortValue()).isNull();
    assertThat(t.mustWritten("small", 5, 6, WriteType.PUT).shortValue()).hasSize(255);
    t.mustGet("big", 6, longValue);
    t.mustGet("small", 6, "y".repeat(255));
  }

  @Test
  void lockAndRollbackRecordsAreSkippedByReads() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 6);
    t.mustPrewriteLock("k", "k", 10);
    t.mustCommit("k", 10, 11);
    t.mustPrewritePut("k", "gone", "k", 12);
    t.mustRollback("k", 12);
    t.mustWritten("k", 10, 11, WriteType.LOCK);
    t.mustWritten("k", 12, 12, WriteType.ROLLBACK);
    t.mustGet("k", 20, "v");
  }

  @Test
  void writeConflictAgainstNewerCommit() {
    t.mustPrewritePut("k", "v1", "k", 5);
    t.mustCommit("k", 5, 10);
    KeyError e = t.mustPrewritePutErr("k", "v2", "k", 8);
    assertThat(e).isInstanceOfSatisfying(KeyError.WriteConflict.class, wc -> {
      assertThat(wc.startTs()).isEqualTo(8);
      assertThat(wc.conflictStartTs()).isEqualTo(5);
      assertThat(wc.conflictCommitTs()).isEqualTo(10);
      assertThat(wc.reason()).isEqualTo(KeyError.WriteConflict.Reason.OPTIMISTIC);
    });
    t.mustUnlocked("k");
    // A commit at exactly start_ts is visible to the transaction: no conflict.
    t.mustPrewritePut("k", "v3", "k", 10);
  }

  @Test
  void lockMetByWriterAndReader() {
    t.mustPrewritePut("k", "v", "p", 5, 3000);
    KeyError e = t.mustPrewritePutErr("k", "w", "k", 6);
    assertThat(e).isInstanceOfSatisfying(KeyError.Locked.class, l -> {
      assertThat(l.lock().lockVersion()).isEqualTo(5);
      assertThat(s(l.lock().primaryLock())).isEqualTo("p");
      assertThat(s(l.lock().key())).isEqualTo("k");
      assertThat(l.lock().lockTtl()).isEqualTo(3000);
      assertThat(l.lock().lockType()).isEqualTo(LockType.PUT);
    });
    assertThat(t.mustGetErr("k", 6)).isInstanceOf(KeyError.Locked.class);
    assertThat(t.mustGetErr("k", 100)).isInstanceOf(KeyError.Locked.class);
    t.mustGetNone("k", 4);
    // At its own start_ts the lock cannot hide a commit: min_commit_ts is start_ts + 1.
    t.mustGetNone("k", 5);
    t.mustCommit("k", 5, 7);
    t.mustGet("k", 7, "v");
  }

  @Test
  void prewriteReportsEveryLockMetAndWritesNothing() {
    t.mustPrewritePut("a", "1", "a", 5);
    t.mustPrewritePut("c", "1", "a", 5);
    PrewriteResult r = t.store.prewrite(PrewriteRequest.optimistic(
        List.of(Mutation.put(b("a"), b("2")), Mutation.put(b("b"), b("2")),
            Mutation.put(b("c"), b("2"))), b("b"), 6, 0));
    assertThat(r.errors()).hasSize(2).allMatch(e -> e instanceof KeyError.Locked);
    t.mustUnlocked("b");
  }

  @Test
  void prewriteIsIdempotent() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustLocked("k", 5);
    t.mustCommit("k", 5, 6);
    // A late retry after commit must neither fail nor leave a lock.
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustUnlocked("k");
    t.mustCommit("k", 5, 6);
  }

  @Test
  void insertChecksExistence() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 6);
    assertThat(t.mustPrewriteErr(Mutation.insert(b("k"), b("x")), "k", 10))
        .isInstanceOf(KeyError.AlreadyExist.class);
    assertThat(t.mustPrewriteErr(Mutation.checkNotExists(b("k")), "k", 10))
        .isInstanceOf(KeyError.AlreadyExist.class);
    t.mustUnlocked("k");
    // Rollback and lock records above the put do not hide it.
    t.mustPrewriteLock("k", "k", 11);
    t.mustCommit("k", 11, 12);
    assertThat(t.mustPrewriteErr(Mutation.insert(b("k"), b("x")), "k", 13))
        .isInstanceOf(KeyError.AlreadyExist.class);
    t.mustPrewriteDelete("k", "k", 14);
    t.mustCommit("k", 14, 15);
    t.mustPrewrite(Mutation.checkNotExists(b("k")), "k", 16);
    t.mustUnlocked("k");
    t.mustPrewrite(Mutation.insert(b("k"), b("x")), "k", 16);
    t.mustCommit("k", 16, 17);
    t.mustGet("k", 17, "x");
  }

  @Test
  void commitIsIdempotentAndRefusedAfterRollback() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 10);
    t.mustCommit("k", 5, 10);
    t.mustPrewritePut("k", "w", "k", 15);
    t.mustRollback("k", 15);
    assertThat(t.mustCommitErr("k", 15, 20)).isInstanceOf(KeyError.TxnLockNotFound.class);
    // Never prewritten at all: also refused.
    assertThat(t.mustCommitErr("k", 30, 31)).isInstanceOf(KeyError.TxnLockNotFound.class);
    assertThat(t.mustCommitErr("k", 30, 30)).isInstanceOf(KeyError.Abort.class);
    t.mustGet("k", 100, "v");
  }

  @Test
  void commitOfManyKeysIsAllOrNothing() {
    t.mustPrewritePut("a", "1", "a", 5);
    assertThat(t.store.commit(List.of(b("a"), b("b")), 5, 6)).get()
        .isInstanceOf(KeyError.TxnLockNotFound.class);
    t.mustLocked("a", 5);
  }

  @Test
  void ttlExpiryRollsBackAndCommitAfterRollbackIsRefused() {
    long start = ts(100);
    t.mustPrewritePut("p", "v", "p", start, 50);
    t.mustPrewritePut("s", "v", "p", start, 50);
    TxnStatus alive = t.mustCheckTxnStatus("p", start, 0, ts(140), true);
    assertThat(alive).isInstanceOfSatisfying(TxnStatus.Uncommitted.class,
        u -> assertThat(u.ttl()).isEqualTo(50));
    assertThat(t.mustCleanupErr("p", start, ts(140))).isInstanceOf(KeyError.Locked.class);

    TxnStatus expired = t.mustCheckTxnStatus("p", start, 0, ts(151), true);
    assertThat(expired).isEqualTo(new TxnStatus.RolledBack(TxnStatus.RolledBack.How.TTL_EXPIRED));
    t.mustUnlocked("p");
    t.mustGetRolledBack("p", start);
    assertThat(t.mustCommitErr("p", start, ts(160))).isInstanceOf(KeyError.TxnLockNotFound.class);
    // A late prewrite of the rolled-back primary fails too.
    assertThat(t.mustPrewritePutErr("p", "v", "p", start)).isInstanceOfSatisfying(
        KeyError.WriteConflict.class,
        wc -> assertThat(wc.reason()).isEqualTo(KeyError.WriteConflict.Reason.SELF_ROLLED_BACK));
    // The secondary is resolved by rolling back.
    t.mustResolveLock(start, 0);
    t.mustUnlocked("s");
    t.mustGetNone("s", TimeStamps.MAX);
    assertThat(t.mustCheckTxnStatus("p", start, 0, ts(170), true))
        .isEqualTo(new TxnStatus.RolledBack(TxnStatus.RolledBack.How.ALREADY));
  }

  @Test
  void rollbackAfterCommitIsRefused() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 10);
    assertThat(t.mustRollbackErr("k", 5)).isInstanceOfSatisfying(KeyError.Committed.class,
        c -> assertThat(c.commitTs()).isEqualTo(10));
    assertThat(t.mustCleanupErr("k", 5, 0)).isInstanceOf(KeyError.Committed.class);
    t.mustGet("k", 10, "v");
    assertThat(t.mustCheckTxnStatus("k", 5, 0, 0, true)).isEqualTo(new TxnStatus.Committed(10));
  }

  @Test
  void rollbackOfMissingLockBlocksLatePrewrite() {
    t.mustRollback("k", 5);
    t.mustWritten("k", 5, 5, WriteType.ROLLBACK);
    assertThat(t.mustPrewritePutErr("k", "v", "k", 5)).isInstanceOf(KeyError.WriteConflict.class);
    t.mustRollback("k", 5);
    // Deleting a prewritten long value too.
    t.mustPrewritePut("j", "z".repeat(400), "j", 7);
    t.mustRollback("j", 7);
    t.mustGetNone("j", TimeStamps.MAX);
    assertThat(t.engine.get(io.cairn.storage.engine.ColumnFamily.DEFAULT,
        io.cairn.storage.mvcc.Keys.appendTs(io.cairn.storage.mvcc.Keys.encode(b("j")), 7)))
        .isNull();
  }

  @Test
  void checkTxnStatusOfMissingLock() {
    assertThat(t.mustCheckTxnStatusErr("p", 5, 0, ts(1), false))
        .isInstanceOf(KeyError.TxnNotFound.class);
    assertThat(t.mustCheckTxnStatus("p", 5, 0, ts(1), true))
        .isEqualTo(new TxnStatus.RolledBack(TxnStatus.RolledBack.How.LOCK_NOT_EXIST));
    assertThat(t.mustWritten("p", 5, 5, WriteType.ROLLBACK).protectedRollback()).isTrue();
    assertThat(t.mustPrewritePutErr("p", "v", "p", 5)).isInstanceOf(KeyError.WriteConflict.class);
  }

  @Test
  void checkTxnStatusPushesMinCommitTsForReaders() {
    long start = ts(100);
    t.mustPrewritePut("p", "v", "p", start, 10_000);
    t.mustPrewritePut("s", "v", "p", start, 10_000);
    long reader = ts(120);
    assertThat(t.mustGetErr("p", reader)).isInstanceOf(KeyError.Locked.class);
    TxnStatus st = t.mustCheckTxnStatus("p", start, reader, ts(121), true);
    assertThat(st).isInstanceOfSatisfying(TxnStatus.Uncommitted.class, u -> {
      assertThat(u.minCommitTsPushed()).isTrue();
      assertThat(u.minCommitTs()).isEqualTo(ts(121));
    });
    // The primary no longer blocks the reader; the secondary does unless bypassed.
    t.mustGetNone("p", reader);
    assertThat(t.mustGetErr("s", reader)).isInstanceOf(KeyError.Locked.class);
    KvEntry bypassed = t.reader.get(b("s"), reader, new ReadOptions(Set.of(start), Set.of()));
    assertThat(bypassed.error()).isNull();
    assertThat(bypassed.value()).isNull();
    // Nobody may commit below the pushed min_commit_ts.
    assertThat(t.mustCommitErr("p", start, reader)).isInstanceOfSatisfying(
        KeyError.CommitTsExpired.class, c -> assertThat(c.minCommitTs()).isEqualTo(ts(121)));
    t.mustCommit("p", start, ts(122));
    t.mustCommit("s", start, ts(122));
    t.mustGetNone("s", reader);
    t.mustGet("s", ts(122), "v");
    // A caller below min_commit_ts does not push.
    t.mustPrewritePut("q", "v", "q", ts(200), 10_000);
    assertThat(t.mustCheckTxnStatus("q", ts(200), ts(150), ts(201), true))
        .isInstanceOfSatisfying(TxnStatus.Uncommitted.class,
            u -> assertThat(u.minCommitTsPushed()).isFalse());
  }

  @Test
  void readOptionsCommittedLocksAndMaxTsOnPrimary() {
    t.mustPrewritePut("p", "pv", "p", 5);
    t.mustPrewritePut("s", "z".repeat(300), "p", 5);
    t.mustPrewriteDelete("d", "p", 5);
    ReadOptions committed = new ReadOptions(Set.of(), Set.of(5L));
    assertThat(s(t.reader.get(b("s"), 10, committed).value())).isEqualTo("z".repeat(300));
    assertThat(t.reader.get(b("d"), 10, committed).value()).isNull();
    assertThat(t.reader.get(b("d"), 10, committed).error()).isNull();
    // Reading the latest data of the primary itself is not blocked by its own lock.
    t.mustGetNone("p", TimeStamps.MAX);
    assertThat(t.mustGetErr("s", TimeStamps.MAX)).isInstanceOf(KeyError.Locked.class);
  }

  @Test
  void resolveLockCommitsOrRollsBackWholeTransactions() {
    for (String k : List.of("a", "b", "c")) {
      t.mustPrewritePut(k, "x" + k, "a", 5);
      t.mustPrewritePut(k + "2", "y" + k, "a2", 7);
    }
    t.mustPrewritePut("z", "other", "z", 9);
    t.mustCommit("a", 5, 8);
    assertThat(t.store.resolveLock(Map.of(5L, 8L, 7L, 0L), null, null)).isEmpty();
    for (String k : List.of("a", "b", "c")) {
      t.mustGet(k, 8, "x" + k);
      t.mustUnlocked(k + "2");
      t.mustGetRolledBack(k + "2", 7);
    }
    t.mustLocked("z", 9);
    assertThat(t.store.scanLock(100, null, null, 10)).hasSize(1);
  }

  @Test
  void resolveLockRespectsRangeAndBatches() {
    for (int i = 0; i < TxnStore.RESOLVE_BATCH * 2 + 10; i++) {
      t.mustPrewritePut(String.format("k%04d", i), "v", "k0000", 5);
    }
    t.mustCommit("k0000", 5, 6);
    assertThat(t.store.resolveLock(Map.of(5L, 6L), b("k0100"), b("k0200"))).isEmpty();
    t.mustUnlocked("k0150");
    t.mustLocked("k0099", 5);
    t.mustLocked("k0200", 5);
    t.mustResolveLock(5, 6);
    assertThat(t.store.scanLock(100, null, null, 1000)).isEmpty();
    t.mustGet("k0521", 6, "v");
  }

  @Test
  void resolveLockLiteAndScanLock() {
    t.mustPrewritePut("a", "1", "a", 5);
    t.mustPrewritePut("b", "1", "a", 5);
    t.mustPrewritePut("c", "1", "c", 9);
    assertThat(t.store.scanLock(8, null, null, 10)).extracting(l -> s(l.key()))
        .containsExactly("a", "b");
    assertThat(t.store.scanLock(9, b("b"), null, 10)).extracting(l -> s(l.key()))
        .containsExactly("b", "c");
    assertThat(t.store.scanLock(9, null, null, 1)).hasSize(1);
    assertThat(t.store.resolveLockLite(5, 0, List.of(b("b")))).isEmpty();
    t.mustUnlocked("b");
    t.mustLocked("a", 5);
  }

  @Test
  void txnHeartbeatExtendsTtl() {
    t.mustPrewritePut("p", "v", "p", ts(100), 100);
    assertThat(t.store.txnHeartbeat(b("p"), ts(100), 500).value()).isEqualTo(500);
    assertThat(t.store.txnHeartbeat(b("p"), ts(100), 200).value()).isEqualTo(500);
    assertThat(t.mustCheckTxnStatus("p", ts(100), 0, ts(300), true))
        .isInstanceOf(TxnStatus.Uncommitted.class);
    assertThat(t.store.txnHeartbeat(b("q"), ts(100), 500).error())
        .isInstanceOf(KeyError.TxnNotFound.class);
  }

  @Test
  void pessimisticLockThenPrewriteThenCommit() {
    t.mustPrewritePut("k", "v0", "k", 1);
    t.mustCommit("k", 1, 2);
    t.mustAcquirePessimisticLock("k", "k", 10, 10);
    t.mustPessimisticLocked("k", 10, 10);
    // Pessimistic locks do not block readers.
    t.mustGet("k", 20, "v0");
    // Another transaction's write is blocked.
    assertThat(t.mustPrewritePutErr("k", "x", "k", 11)).isInstanceOf(KeyError.Locked.class);
    assertThat(t.mustAcquirePessimisticLockErr("k", "k", 12, 12)).isInstanceOf(KeyError.Locked.class);
    // Re-locking raises for_update_ts.
    t.mustAcquirePessimisticLock("k", "k", 10, 15);
    t.mustPessimisticLocked("k", 10, 15);
    t.mustPessimisticPrewritePut("k", "v1", "k", 10, 15, true);
    Lock lock = t.mustLocked("k", 10);
    assertThat(lock.type()).isEqualTo(LockType.PUT);
    assertThat(lock.forUpdateTs()).isEqualTo(15);
    t.mustPessimisticPrewritePut("k", "v1", "k", 10, 15, true);
    t.mustCommit("k", 10, 20);
    t.mustGet("k", 20, "v1");
    t.mustPessimisticPrewritePut("k", "v1", "k", 10, 15, true);
    t.mustUnlocked("k");
  }

  @Test
  void pessimisticLockConflictsAndErrors() {
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 10);
    assertThat(t.mustAcquirePessimisticLockErr("k", "k", 8, 8)).isInstanceOfSatisfying(
        KeyError.WriteConflict.class,
        wc -> assertThat(wc.reason()).isEqualTo(KeyError.WriteConflict.Reason.PESSIMISTIC_RETRY));
    // Retrying at a newer for_update_ts works: the isolation of the statement is read-committed.
    t.mustAcquirePessimisticLock("k", "k", 8, 10);
    // Optimistic prewrite over our own pessimistic lock is a protocol error.
    assertThat(t.mustPrewritePutErr("k", "x", "k", 8)).isInstanceOf(KeyError.Abort.class);
    t.mustPessimisticRollback("k", 8, 9);
    t.mustPessimisticLocked("k", 8, 10);
    t.mustPessimisticRollback("k", 8, 10);
    t.mustUnlocked("k");
    // The lock is gone: a prewrite expecting it fails, one not expecting it succeeds.
    assertThat(t.mustPessimisticPrewritePutErr("k", "x", "k", 8, 10, true))
        .isInstanceOf(KeyError.Abort.class);
    t.mustPessimisticPrewritePut("other", "x", "k", 8, 10, false);
    // Another transaction's lock where ours was expected.
    t.mustPrewritePut("j", "v", "j", 20);
    assertThat(t.mustPessimisticPrewritePutErr("j", "x", "k", 8, 10, true))
        .isInstanceOf(KeyError.Abort.class);
    // Pessimistic rollback leaves prewritten locks alone.
    t.mustPessimisticRollback("j", 20, 100);
    t.mustLocked("j", 20);
  }

  @Test
  void pessimisticLockAfterRollbackAndExistenceChecks() {
    t.mustRollback("k", 10);
    assertThat(t.mustAcquirePessimisticLockErr("k", "k", 10, 10)).isInstanceOf(KeyError.Abort.class);
    t.mustPrewritePut("e", "v", "e", 3);
    t.mustCommit("e", 3, 4);
    PessimisticLockResult r;
    try {
      r = t.store.acquirePessimisticLock(new PessimisticLockRequest(
          List.of(b("e"), b("n")), List.of(false, false), b("e"), 20, 100, 20, 0, true, 21));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(r.error()).isNull();
    assertThat(r.values()).hasSize(2);
    assertThat(s(r.values().get(0))).isEqualTo("v");
    assertThat(r.values().get(1)).isNull();
    t.mustPessimisticRollback("e", 20, 20);
    t.mustPessimisticRollback("n", 20, 20);
    try {
      r = t.store.acquirePessimisticLock(new PessimisticLockRequest(
          List.of(b("n"), b("e")), List.of(true, true), b("n"), 30, 100, 30, 0, false, 31));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(r.error()).isInstanceOf(KeyError.AlreadyExist.class);
    // All or nothing: "n" was lockable but is not locked.
    t.mustUnlocked("n");
  }

  @Test
  void pessimisticPrimaryKeepsPushedMinCommitTs() {
    t.mustAcquirePessimisticLock("p", "p", 10, 10);
    t.mustPessimisticPrewritePut("s", "v", "p", 10, 10, false);
    // A reader at 50 pushes the still-pessimistic primary.
    TxnStatus st = t.mustCheckTxnStatus("p", 10, 50, 51, true);
    assertThat(st).isInstanceOfSatisfying(TxnStatus.Uncommitted.class,
        u -> assertThat(u.minCommitTs()).isEqualTo(51));
    t.mustPessimisticPrewritePut("p", "v", "p", 10, 10, true);
    assertThat(t.mustLocked("p", 10).minCommitTs()).isEqualTo(51);
    assertThat(t.mustCommitErr("p", 10, 40)).isInstanceOf(KeyError.CommitTsExpired.class);
  }

  @Test
  void rollbackOverlappingAnotherCommit() {
    // Transaction 5 commits k at 10; then transaction 10 is rolled back at k.
    t.mustPrewritePut("k", "v", "k", 5);
    t.mustCommit("k", 5, 10);
    t.mustRollback("k", 10);
    Write w = t.mustWritten("k", 5, 10, WriteType.PUT);
    assertThat(w.overlappedRollback()).isTrue();
    t.mustGetRolledBack("k", 10);
    assertThat(t.mustPrewritePutErr("k", "x", "k", 10)).isInstanceOf(KeyError.WriteConflict.class);
    t.mustGet("k", 10, "v");
    // The other order: a rollback record at 20, then a commit at 20 keeps the rollback.
    t.mustPrewritePut("j", "v", "j", 15);
    t.mustRollback("j", 20);
    t.mustLocked("j", 15);
    t.mustCommit("j", 15, 20);
    assertThat(t.mustWritten("j", 15, 20, WriteType.PUT).overlappedRollback()).isTrue();
    t.mustGetRolledBack("j", 20);
    t.mustGetCommitTs("j", 15, 20);
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> t.store.rollback(List.of(b("a"), b("a")), 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiredPessimisticLocks() {
    long start = ts(100);
    t.mustAcquirePessimisticLock("p", "p", start, start);
    t.mustAcquirePessimisticLock("s", "p", start, start);
    // A resolver that only meets pessimistic locks just removes the expired primary lock.
    assertThat(t.store.checkTxnStatus(b("p"), start, 0, ts(101), true, true).value())
        .isEqualTo(new TxnStatus.RolledBack(TxnStatus.RolledBack.How.PESSIMISTIC_ROLLED_BACK));
    t.mustUnlocked("p");
    t.mustNotWritten("p", start);
    // The transaction may lock it again; a normal check then writes a protected rollback.
    t.mustAcquirePessimisticLock("p", "p", start, start);
    assertThat(t.mustCheckTxnStatus("p", start, 0, ts(101), true))
        .isEqualTo(new TxnStatus.RolledBack(TxnStatus.RolledBack.How.TTL_EXPIRED));
    assertThat(t.mustWritten("p", start, start, WriteType.ROLLBACK).protectedRollback()).isTrue();
    assertThat(t.mustPessimisticPrewritePutErr("p", "v", "p", start, start, true))
        .isInstanceOf(KeyError.Abort.class);
    // The secondary's pessimistic lock is rolled back by resolve_lock.
    t.mustResolveLock(start, 0);
    t.mustUnlocked("s");
    t.mustWritten("s", start, start, WriteType.ROLLBACK);
  }

  @Test
  void cleanupRollsBackOnlyExpiredLocks() {
    t.mustPrewritePut("k", "v", "k", ts(100), 10);
    assertThat(t.mustCleanupErr("k", ts(100), ts(105))).isInstanceOf(KeyError.Locked.class);
    t.mustLocked("k", ts(100));
    t.mustCleanup("k", ts(100), ts(111));
    t.mustUnlocked("k");
    t.mustGetRolledBack("k", ts(100));
    t.mustCleanup("k", ts(100), ts(111));
  }
}
