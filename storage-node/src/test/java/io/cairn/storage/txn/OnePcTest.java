package io.cairn.storage.txn;

import static io.cairn.storage.txn.MvccTestKit.b;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.WriteType;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.txn.actions.Mutation;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** One-phase commit on a store (TiKV's 1PC), including its max_ts rules. */
class OnePcTest {
  private final MvccTestKit kit = new MvccTestKit();
  private final ConcurrencyManager cm = new ConcurrencyManager();
  private final Queue<Runnable> syncJobs = new ArrayDeque<>();
  private long pdNow = 1_000;
  private final RegionRegistry registry = kit.regions.registry();
  private final MaxTsSync sync = new MaxTsSync(cm, id -> {
    RegionRegistry.RegionState s = registry.state(id);
    return s != null && s.leader() != null && s.leader().storeId() == registry.storeId()
        ? s.term() : -1;
  }, () -> pdNow, syncJobs::add);
  private final TxnStore store =
      new TxnStore(kit.regions, kit.latches, kit.lockWaits, cm, sync);

  private PrewriteResult onePc(long startTs, long maxCommitTs, Mutation... ms) {
    return store.prewrite(kit.ctx, PrewriteRequest.optimistic(List.of(ms), ms[0].key(), startTs,
        3000).withOnePc(maxCommitTs));
  }

  private void syncNow() {
    assertThat(syncJobs).as("a max_ts sync was started").isNotEmpty();
    while (!syncJobs.isEmpty()) {
      syncJobs.poll().run();
    }
  }

  /** The first 1PC of a region falls back and starts the sync; this runs it. */
  private void synced() {
    assertThat(onePc(1, 0, Mutation.lock(b("__warm"))).isOnePc()).isFalse();
    kit.mustRollback("__warm", 1);
    syncNow();
  }

  @Test
  void writesCommitRecordsAndNoLocks() {
    synced();
    kit.mustPrewritePut("gone", "old", "gone", 5);
    kit.mustCommit("gone", 5, 6);
    PrewriteResult r = onePc(2_000, 0, Mutation.put(b("a"), b("1")),
        Mutation.put(b("big"), new byte[300]), Mutation.delete(b("gone")), Mutation.lock(b("l")));
    assertThat(r.errors()).isEmpty();
    assertThat(r.onePcCommitTs()).isEqualTo(2_001);
    for (String k : List.of("a", "big", "gone", "l")) {
      kit.mustUnlocked(k);
    }
    kit.mustWritten("a", 2_000, 2_001, WriteType.PUT);
    kit.mustWritten("big", 2_000, 2_001, WriteType.PUT);
    kit.mustWritten("gone", 2_000, 2_001, WriteType.DELETE);
    kit.mustWritten("l", 2_000, 2_001, WriteType.LOCK);
    kit.mustGet("a", 2_001, "1");
    kit.mustGetNone("a", 2_000);
    assertThat(kit.reader.get(kit.ctx, b("big"), 2_001, io.cairn.storage.mvcc.reader.ReadOptions
        .DEFAULT).value()).hasSize(300);
    kit.mustGetNone("gone", 2_001);
    kit.mustGet("gone", 2_000, "old");
    assertThat(cm.memoryLockCount()).isZero();
  }

  @Test
  void commitTsIsAboveAnEarlierReadersTimestamp() {
    synced();
    long readTs = 5_000;
    cm.observe(readTs);
    kit.mustGetNone("k", readTs);
    PrewriteResult r = onePc(3_000, 0, Mutation.put(b("k"), b("v")));
    assertThat(r.onePcCommitTs()).isGreaterThan(readTs);
    kit.mustGetNone("k", readTs);
  }

  @Test
  void commitTsRespectsMinCommitTsAndForUpdateTs() {
    synced();
    PrewriteRequest req = new PrewriteRequest(List.of(Mutation.put(b("m"), b("v"))), b("m"),
        2_000, 3000, 0, 0, List.of(), 7_000).withOnePc(0);
    assertThat(store.prewrite(kit.ctx, req).onePcCommitTs()).isEqualTo(7_000);

    kit.mustAcquirePessimisticLock("p", "p", 8_000, 9_000);
    PrewriteRequest pess = PrewriteRequest.pessimistic(List.of(Mutation.put(b("p"), b("v"))),
        b("p"), 8_000, 3000, 9_000, List.of(true)).withOnePc(0);
    PrewriteResult r = store.prewrite(kit.ctx, pess);
    assertThat(r.onePcCommitTs()).isEqualTo(9_001);
    kit.mustUnlocked("p");
    kit.mustWritten("p", 8_000, 9_001, WriteType.PUT);
  }

  @Test
  void fallsBackToTwoPhasesWhenMaxCommitTsIsTooSmall() {
    synced();
    cm.observe(6_000);
    PrewriteResult r = onePc(3_000, 5_000, Mutation.put(b("k"), b("v")));
    assertThat(r.errors()).isEmpty();
    assertThat(r.onePcCommitTs()).isZero();
    kit.mustLocked("k", 3_000);
    assertThat(cm.memoryLockCount()).isZero();
    kit.mustCommit("k", 3_000, 6_500);
    kit.mustGet("k", 6_500, "v");

    assertThat(onePc(7_000, 7_001, Mutation.put(b("k2"), b("v"))).onePcCommitTs())
        .isEqualTo(7_001);
  }

  @Test
  void fallsBackAfterALeaderChangeUntilMaxTsIsSynced() {
    PrewriteResult first = onePc(100, 0, Mutation.put(b("a"), b("1")));
    assertThat(first.onePcCommitTs()).as("not synced at the first leadership").isZero();
    kit.mustLocked("a", 100);
    kit.mustCommit("a", 100, 101);
    pdNow = 2_000;
    syncNow();
    assertThat(cm.maxTs()).isEqualTo(2_000);
    assertThat(onePc(150, 0, Mutation.put(b("b"), b("1"))).onePcCommitTs()).isEqualTo(2_001);

    // a new term here: reads served meanwhile by another leader are not in max_ts
    var state = registry.state(kit.ctx.regionId());
    registry.transferLeader(kit.ctx.regionId(), state.leader());
    var ctx = kit.ctx;
    var newCtx = new io.cairn.storage.region.RequestContext(ctx.regionId(), ctx.epoch(),
        ctx.storeId(), 0, ctx.mode(), ctx.keys(), ctx.upperBound());
    PrewriteResult after = store.prewrite(newCtx, PrewriteRequest.optimistic(
        List.of(Mutation.put(b("c"), b("1"))), b("c"), 2_100, 3000).withOnePc(0));
    assertThat(after.onePcCommitTs()).isZero();
    kit.mustLocked("c", 2_100);
    pdNow = 9_000;
    syncNow();
    PrewriteResult synced = store.prewrite(newCtx, PrewriteRequest.optimistic(
        List.of(Mutation.put(b("d"), b("1"))), b("d"), 2_200, 3000).withOnePc(0));
    assertThat(synced.onePcCommitTs()).isEqualTo(9_001);
  }

  @Test
  void aSplitPieceInheritsTheParentsSyncedTerm() {
    synced();
    List<io.cairn.storage.region.RegionMeta> pieces =
        kit.regions.split(kit.ctx, List.of(io.cairn.storage.region.KeyMode.TXN.toRegionKey(
            b("m"))));
    sync.onSplit(kit.ctx.regionId(), pieces.stream().map(p -> p.id()).toList());
    for (var p : pieces) {
      assertThat(sync.isSynced(p.id())).as("piece %d", p.id()).isTrue();
    }
    assertThat(syncJobs).isEmpty();
  }

  @Test
  void writeConflictsAndKeyChecksFailAsInTwoPhases() {
    synced();
    kit.mustPrewritePut("k", "v1", "k", 10);
    kit.mustCommit("k", 10, 20);
    PrewriteResult conflict = onePc(15, 0, Mutation.put(b("k"), b("v2")),
        Mutation.put(b("other"), b("x")));
    assertThat(conflict.errors()).singleElement().isInstanceOf(KeyError.WriteConflict.class);
    kit.mustNotWritten("other", 21);
    kit.mustUnlocked("other");

    PrewriteResult exists = onePc(30, 0, Mutation.insert(b("k"), b("v3")));
    assertThat(exists.errors()).singleElement().isInstanceOf(KeyError.AlreadyExist.class);
    PrewriteResult notExists = onePc(31, 0, Mutation.checkNotExists(b("k")));
    assertThat(notExists.errors()).singleElement().isInstanceOf(KeyError.AlreadyExist.class);

    kit.mustPrewritePut("held", "x", "held", 40);
    PrewriteResult locked = onePc(41, 0, Mutation.put(b("held"), b("y")),
        Mutation.put(b("free"), b("z")));
    assertThat(locked.errors()).singleElement().isInstanceOf(KeyError.Locked.class);
    kit.mustUnlocked("free");
    assertThat(cm.memoryLockCount()).isZero();

    PrewriteResult insert = onePc(50, 0, Mutation.insert(b("new"), b("n")));
    assertThat(insert.isOnePc()).isTrue();
    kit.mustGet("new", insert.onePcCommitTs(), "n");
  }

  @Test
  void aRetryAfterAFallbackStaysTwoPhase() {
    cm.observe(6_000);
    synced();
    PrewriteResult fallback = onePc(3_000, 5_000, Mutation.put(b("k"), b("v")),
        Mutation.put(b("j"), b("w")));
    assertThat(fallback.isOnePc()).isFalse();
    PrewriteResult retry = onePc(3_000, 0, Mutation.put(b("k"), b("v")),
        Mutation.put(b("j"), b("w")));
    assertThat(retry.errors()).isEmpty();
    assertThat(retry.isOnePc()).isFalse();
    kit.mustLocked("k", 3_000);
    kit.mustLocked("j", 3_000);
  }

  @Test
  void aRetryAfterAOnePhaseCommitChangesNothing() {
    synced();
    PrewriteResult r = onePc(3_000, 0, Mutation.put(b("k"), b("v")));
    assertThat(r.isOnePc()).isTrue();
    PrewriteResult again = onePc(3_000, 0, Mutation.put(b("k"), b("v")));
    assertThat(again.errors()).isEmpty();
    assertThat(again.isOnePc()).isFalse();
    kit.mustUnlocked("k");
    kit.mustGetCommitTs("k", 3_000, r.onePcCommitTs());
  }

  @Test
  void oneStoresOnePhaseCommitsNeverShareACommitTs() {
    synced();
    long first = onePc(2_000, 0, Mutation.put(b("x"), b("1"))).onePcCommitTs();
    long second = onePc(2_000 - 1, 0, Mutation.put(b("y"), b("1"))).onePcCommitTs();
    assertThat(second).isGreaterThan(first);
  }
}
