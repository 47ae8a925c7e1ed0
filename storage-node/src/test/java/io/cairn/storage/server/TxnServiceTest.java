package io.cairn.storage.server;

import static io.cairn.storage.server.NodeFixture.bs;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.coprocessor.KeyRange;
import io.cairn.proto.kvrpcpb.Action;
import io.cairn.proto.kvrpcpb.Assertion;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusRequest;
import io.cairn.proto.kvrpcpb.CheckTxnStatusResponse;
import io.cairn.proto.kvrpcpb.CleanupRequest;
import io.cairn.proto.kvrpcpb.CleanupResponse;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.CommitResponse;
import io.cairn.proto.kvrpcpb.GCRequest;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PessimisticLockRequest;
import io.cairn.proto.kvrpcpb.PessimisticLockResponse;
import io.cairn.proto.kvrpcpb.PessimisticRollbackRequest;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.kvrpcpb.PrewriteResponse;
import io.cairn.proto.kvrpcpb.ResolveLockRequest;
import io.cairn.proto.kvrpcpb.ScanLockRequest;
import io.cairn.proto.kvrpcpb.TxnHeartBeatRequest;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TxnServiceTest {
  private final NodeFixture f = new NodeFixture();

  @AfterEach
  void close() throws InterruptedException {
    f.close();
  }

  private PrewriteResponse prewrite(String primary, long startTs, long ttl, String... kvs) {
    PrewriteRequest.Builder b = PrewriteRequest.newBuilder().setContext(f.txnCtx(primary))
        .setPrimaryLock(bs(primary)).setStartVersion(startTs).setLockTtl(ttl);
    for (int i = 0; i < kvs.length; i += 2) {
      b.addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs(kvs[i])).setValue(bs(kvs[i + 1])));
    }
    return f.kv.kvPrewrite(b.build());
  }

  private CommitResponse commit(long startTs, long commitTs, String... keys) {
    CommitRequest.Builder b = CommitRequest.newBuilder().setContext(f.txnCtx(keys[0]))
        .setStartVersion(startTs).setCommitVersion(commitTs);
    for (String k : keys) {
      b.addKeys(bs(k));
    }
    return f.kv.kvCommit(b.build());
  }

  private GetResponse get(String key, long ts) {
    return f.kv.kvGet(GetRequest.newBuilder().setContext(f.txnCtx(key)).setKey(bs(key))
        .setVersion(ts).build());
  }

  private void commitPut(String k, String v, long startTs, long commitTs) {
    assertThat(prewrite(k, startTs, 3000, k, v).getErrorsList()).isEmpty();
    assertThat(commit(startTs, commitTs, k).hasError()).isFalse();
  }

  @Test
  void percolatorRoundTrip() {
    PrewriteResponse pw = prewrite("a", 10, 3000, "a", "1", "b", "2");
    assertThat(pw.hasRegionError()).isFalse();
    assertThat(pw.getErrorsList()).isEmpty();
    CommitResponse c = commit(10, 11, "a", "b");
    assertThat(c.hasError()).isFalse();
    assertThat(c.getCommitVersion()).isEqualTo(11);
    assertThat(get("a", 12).getValue().toStringUtf8()).isEqualTo("1");
    assertThat(get("b", 12).getValue().toStringUtf8()).isEqualTo("2");
    assertThat(get("a", 10).getNotFound()).isTrue();
    assertThat(f.kv.kvBatchGet(BatchGetRequest.newBuilder().setContext(f.txnCtx("a"))
        .addKeys(bs("b")).addKeys(bs("zz")).addKeys(bs("a")).setVersion(12).build())
        .getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8())
        .containsExactly("b=2", "a=1");
  }

  @Test
  void lockMetThenCheckTxnStatusThenResolveLock() {
    assertThat(prewrite("p", 20, 100, "p", "pv", "s", "sv").getErrorsList()).isEmpty();
    GetResponse blocked = get("s", 30);
    assertThat(blocked.hasError()).isTrue();
    var lock = blocked.getError().getLocked();
    assertThat(lock.getPrimaryLock().toStringUtf8()).isEqualTo("p");
    assertThat(lock.getLockVersion()).isEqualTo(20);
    assertThat(lock.getLockType()).isEqualTo(Op.Put);

    CheckTxnStatusResponse alive = f.kv.kvCheckTxnStatus(CheckTxnStatusRequest.newBuilder()
        .setContext(f.txnCtx("p")).setPrimaryKey(bs("p")).setLockTs(20).setCallerStartTs(30)
        .setCurrentTs(20).setRollbackIfNotExist(true).build());
    assertThat(alive.getLockTtl()).isEqualTo(100);
    assertThat(alive.getAction()).isEqualTo(Action.MinCommitTSPushed);
    assertThat(alive.getLockInfo().getKey().toStringUtf8()).isEqualTo("p");

    // Current ts far past the TTL (TSO physical ms live in the high bits): rolled back.
    long late = (1000L << 18) + 20;
    CheckTxnStatusResponse expired = f.kv.kvCheckTxnStatus(CheckTxnStatusRequest.newBuilder()
        .setContext(f.txnCtx("p")).setPrimaryKey(bs("p")).setLockTs(20).setCallerStartTs(30)
        .setCurrentTs(late).setRollbackIfNotExist(true).build());
    assertThat(expired.getAction()).isEqualTo(Action.TTLExpireRollback);
    assertThat(expired.getCommitVersion()).isZero();

    assertThat(f.kv.kvResolveLock(ResolveLockRequest.newBuilder().setContext(f.txnCtx("s"))
        .setStartVersion(20).setCommitVersion(0).build()).hasError()).isFalse();
    assertThat(get("s", 30).hasError()).isFalse();
    assertThat(get("s", 30).getNotFound()).isTrue();
  }

  @Test
  void resolveLockCommitsWithKeysAndTxnInfos() {
    assertThat(prewrite("p", 20, 100, "p", "pv", "s", "sv", "t", "tv").getErrorsList()).isEmpty();
    assertThat(commit(20, 25, "p").hasError()).isFalse();
    CheckTxnStatusResponse st = f.kv.kvCheckTxnStatus(CheckTxnStatusRequest.newBuilder()
        .setContext(f.txnCtx("p")).setPrimaryKey(bs("p")).setLockTs(20).setCallerStartTs(30)
        .setCurrentTs(30).build());
    assertThat(st.getCommitVersion()).isEqualTo(25);
    f.kv.kvResolveLock(ResolveLockRequest.newBuilder().setContext(f.txnCtx("s"))
        .setStartVersion(20).setCommitVersion(25).addKeys(bs("s")).build());
    assertThat(get("s", 30).getValue().toStringUtf8()).isEqualTo("sv");
    assertThat(get("t", 30).hasError()).isTrue();
    f.kv.kvResolveLock(ResolveLockRequest.newBuilder().setContext(f.txnCtx("t"))
        .addTxnInfos(io.cairn.proto.kvrpcpb.TxnInfo.newBuilder().setTxn(20).setStatus(25)).build());
    assertThat(get("t", 30).getValue().toStringUtf8()).isEqualTo("tv");
  }

  @Test
  void keyErrorsComeBackAsKeyErrors() {
    commitPut("k", "v1", 10, 11);
    PrewriteResponse conflict = prewrite("k", 5, 100, "k", "v0");
    assertThat(conflict.getErrors(0).hasConflict()).isTrue();
    assertThat(conflict.getErrors(0).getConflict().getConflictCommitTs()).isEqualTo(11);
    PrewriteResponse dup = f.kv.kvPrewrite(PrewriteRequest.newBuilder().setContext(f.txnCtx("k"))
        .setPrimaryLock(bs("k")).setStartVersion(20).setLockTtl(100)
        .addMutations(Mutation.newBuilder().setOp(Op.Insert).setKey(bs("k")).setValue(bs("x")))
        .build());
    assertThat(dup.getErrors(0).getAlreadyExist().getKey().toStringUtf8()).isEqualTo("k");
    CommitResponse gone = commit(30, 31, "k");
    assertThat(gone.getError().getRetryable()).contains("TxnLockNotFound");
    CheckTxnStatusResponse notFound = f.kv.kvCheckTxnStatus(CheckTxnStatusRequest.newBuilder()
        .setContext(f.txnCtx("q")).setPrimaryKey(bs("q")).setLockTs(40).setCurrentTs(40).build());
    assertThat(notFound.getError().getTxnNotFound().getStartTs()).isEqualTo(40);
  }

  @Test
  void heartbeatCleanupAndBatchRollback() {
    assertThat(prewrite("p", 20, 100, "p", "pv", "s", "sv").getErrorsList()).isEmpty();
    assertThat(f.kv.kvTxnHeartBeat(TxnHeartBeatRequest.newBuilder().setContext(f.txnCtx("p"))
        .setPrimaryLock(bs("p")).setStartVersion(20).setAdviseLockTtl(500).build()).getLockTtl())
        .isEqualTo(500);
    assertThat(f.kv.kvBatchRollback(BatchRollbackRequest.newBuilder().setContext(f.txnCtx("s"))
        .setStartVersion(20).addKeys(bs("s")).build()).hasError()).isFalse();
    CleanupResponse cleaned = f.kv.kvCleanup(CleanupRequest.newBuilder().setContext(f.txnCtx("p"))
        .setKey(bs("p")).setStartVersion(20).build());
    assertThat(cleaned.hasError()).isFalse();
    assertThat(get("p", 30).getNotFound()).isTrue();
    commitPut("c", "cv", 40, 41);
    CleanupResponse committed = f.kv.kvCleanup(CleanupRequest.newBuilder()
        .setContext(f.txnCtx("c")).setKey(bs("c")).setStartVersion(40).build());
    assertThat(committed.getCommitVersion()).isEqualTo(41);
  }

  @Test
  void pessimisticLockWithValuesThenRollback() {
    commitPut("a", "av", 10, 11);
    PessimisticLockResponse r = f.kv.kvPessimisticLock(PessimisticLockRequest.newBuilder()
        .setContext(f.txnCtx("a")).setPrimaryLock(bs("a")).setStartVersion(20).setForUpdateTs(20)
        .setLockTtl(1000).setReturnValues(true)
        .addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(bs("a")))
        .addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(bs("b")))
        .build());
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getValuesList()).extracting(v -> v.toStringUtf8()).containsExactly("av", "");
    assertThat(r.getNotFoundsList()).containsExactly(false, true);
    PessimisticLockResponse other = f.kv.kvPessimisticLock(PessimisticLockRequest.newBuilder()
        .setContext(f.txnCtx("a")).setPrimaryLock(bs("a")).setStartVersion(30).setForUpdateTs(30)
        .setLockTtl(1000).setWaitTimeout(-1)
        .addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(bs("a"))).build());
    assertThat(other.getErrors(0).getLocked().getLockVersion()).isEqualTo(20);
    f.kv.kVPessimisticRollback(PessimisticRollbackRequest.newBuilder().setContext(f.txnCtx("a"))
        .setStartVersion(20).setForUpdateTs(20).addKeys(bs("a")).addKeys(bs("b")).build());
    PessimisticLockResponse insert = f.kv.kvPessimisticLock(PessimisticLockRequest.newBuilder()
        .setContext(f.txnCtx("a")).setPrimaryLock(bs("a")).setStartVersion(30).setForUpdateTs(30)
        .setLockTtl(1000).setWaitTimeout(-1)
        .addMutations(Mutation.newBuilder().setOp(Op.PessimisticLock).setKey(bs("a"))
            .setAssertion(Assertion.NotExist)).build());
    assertThat(insert.getErrors(0).hasAlreadyExist()).isTrue();
  }

  @Test
  void scanLockAndGc() {
    commitPut("a", "a1", 10, 11);
    commitPut("a", "a2", 12, 13);
    assertThat(prewrite("x", 20, 100, "x", "xv", "y", "yv").getErrorsList()).isEmpty();
    assertThat(f.kv.kvScanLock(ScanLockRequest.newBuilder().setContext(f.txnCtx("a"))
        .setMaxVersion(100).setLimit(10).build()).getLocksList())
        .extracting(l -> l.getKey().toStringUtf8()).containsExactly("x", "y");
    assertThat(f.kv.kvScanLock(ScanLockRequest.newBuilder().setContext(f.txnCtx("y"))
        .setStartKey(bs("y")).setMaxVersion(100).build()).getLocksList()).hasSize(1);
    assertThat(f.kv.kvScanLock(ScanLockRequest.newBuilder().setContext(f.txnCtx("a"))
        .setMaxVersion(19).build()).getLocksList()).isEmpty();
    // GC refuses while a lock below the safe point is unresolved, then collects.
    assertThat(f.kv.kvGC(GCRequest.newBuilder().setContext(f.txnCtx("a")).setSafePoint(30)
        .build()).getError().getAbort()).contains("unresolved");
    f.kv.kvBatchRollback(BatchRollbackRequest.newBuilder().setContext(f.txnCtx("x"))
        .setStartVersion(20).addKeys(bs("x")).addKeys(bs("y")).build());
    assertThat(f.kv.kvGC(GCRequest.newBuilder().setContext(f.txnCtx("a")).setSafePoint(30)
        .build()).hasError()).isFalse();
    assertThat(get("a", 30).getValue().toStringUtf8()).isEqualTo("a2");
    assertThat(get("a", 12).getNotFound()).isTrue();
  }

  @Test
  void scanWithLimitKeyOnlyAndReverse() {
    commitPut("a", "1", 10, 11);
    commitPut("b", "2", 12, 13);
    commitPut("c", "3", 14, 15);
    var fwd = f.kv.kvScan(io.cairn.proto.kvrpcpb.ScanRequest.newBuilder().setContext(f.txnCtx("a"))
        .setStartKey(bs("a")).setLimit(2).setVersion(20).build());
    assertThat(fwd.getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "="
        + p.getValue().toStringUtf8()).containsExactly("a=1", "b=2");
    var rev = f.kv.kvScan(io.cairn.proto.kvrpcpb.ScanRequest.newBuilder().setContext(f.txnCtx("a"))
        .setStartKey(bs("c")).setLimit(10).setVersion(20).setReverse(true).setKeyOnly(true)
        .build());
    assertThat(rev.getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "="
        + p.getValue().toStringUtf8()).containsExactly("b=", "a=");
  }

  @Test
  void coprocessorIsAnExplicitlyUnsupportedRequestType() {
    var resp = f.kv.coprocessor(io.cairn.proto.coprocessor.Request.newBuilder()
        .setContext(f.txnCtx("a")).setTp(103).setStartTs(10)
        .addRanges(KeyRange.newBuilder().setStart(bs("a")).setEnd(bs("b"))).build());
    assertThat(resp.getOtherError()).isEqualTo("unsupported request type 103");
    assertThat(resp.hasRegionError()).isFalse();
  }

  @Test
  void coprocessorHookGetsTheRegionSnapshot() throws InterruptedException {
    try (NodeFixture g = new NodeFixture(b -> {}, List.of(), (req, snap) ->
        io.cairn.proto.coprocessor.Response.newBuilder()
            .setData(bs("region " + snap.region().id())).build())) {
      var resp = g.kv.coprocessor(io.cairn.proto.coprocessor.Request.newBuilder()
          .setContext(g.txnCtx("a")).setTp(103).build());
      assertThat(resp.getData().toStringUtf8()).isEqualTo("region " + g.onlyRegion());
    }
  }

  @Test
  void healthCheckServes() {
    HealthCheckResponse h = HealthGrpc.newBlockingStub(f.channel)
        .check(HealthCheckRequest.newBuilder().build());
    assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(HealthGrpc.newBlockingStub(f.channel)
        .check(HealthCheckRequest.newBuilder().setService("tikvpb.Tikv").build()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  private PrewriteResponse onePc(String key, String value, long startTs) {
    return f.kv.kvPrewrite(PrewriteRequest.newBuilder().setContext(f.txnCtx(key))
        .setPrimaryLock(bs(key)).setStartVersion(startTs).setLockTtl(3000).setTryOnePc(true)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs(key)).setValue(bs(value)))
        .build());
  }

  @Test
  void onePhaseCommitLandsAboveEveryEarlierReadTimestamp() {
    assertThat(get("g", 500).getNotFound()).isTrue();
    PrewriteResponse afterGet = onePc("g", "1", 100);
    assertThat(afterGet.getErrorsList()).isEmpty();
    assertThat(afterGet.getOnePcCommitTs()).isGreaterThan(500);
    assertThat(get("g", 500).getNotFound()).isTrue();
    assertThat(get("g", afterGet.getOnePcCommitTs()).getValue().toStringUtf8()).isEqualTo("1");
    assertThat(commit(100, afterGet.getOnePcCommitTs() + 1, "g").hasError())
        .as("a 1PC leaves no lock to commit, and a retried commit finds its record").isFalse();

    f.kv.kvScan(io.cairn.proto.kvrpcpb.ScanRequest.newBuilder().setContext(f.txnCtx("s"))
        .setStartKey(bs("s")).setLimit(10).setVersion(900).build());
    assertThat(onePc("s1", "1", 600).getOnePcCommitTs()).isGreaterThan(900);

    f.kv.kvBatchGet(BatchGetRequest.newBuilder().setContext(f.txnCtx("b"))
        .addKeys(bs("b")).setVersion(1_200).build());
    assertThat(onePc("b", "1", 1_000).getOnePcCommitTs()).isGreaterThan(1_200);

    f.kv.kvCheckTxnStatus(CheckTxnStatusRequest.newBuilder().setContext(f.txnCtx("q"))
        .setPrimaryKey(bs("q")).setLockTs(1_300).setCallerStartTs(1_500).setCurrentTs(1_400)
        .build());
    assertThat(onePc("q2", "1", 1_300).getOnePcCommitTs()).isGreaterThan(1_500);

    f.kv.coprocessor(io.cairn.proto.coprocessor.Request.newBuilder().setContext(f.txnCtx("c"))
        .setTp(103).setStartTs(2_000).addRanges(KeyRange.newBuilder().setStart(bs("c"))
            .setEnd(bs("d"))).build());
    assertThat(onePc("c1", "1", 1_900).getOnePcCommitTs()).isGreaterThan(2_000);
  }

  @Test
  void aOnePhasePrewriteAboveMaxCommitTsFallsBackToLocks() {
    assertThat(get("m", 800).getNotFound()).isTrue();
    PrewriteResponse r = f.kv.kvPrewrite(PrewriteRequest.newBuilder().setContext(f.txnCtx("m"))
        .setPrimaryLock(bs("m")).setStartVersion(100).setLockTtl(3000).setTryOnePc(true)
        .setMaxCommitTs(700)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(bs("m")).setValue(bs("v")))
        .build());
    assertThat(r.getErrorsList()).isEmpty();
    assertThat(r.getOnePcCommitTs()).isZero();
    assertThat(get("m", 900).getError().getLocked().getLockVersion()).isEqualTo(100);
    assertThat(commit(100, 901, "m").hasError()).isFalse();
    assertThat(get("m", 901).getValue().toStringUtf8()).isEqualTo("v");
  }
}
