package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.Key;
import io.cairn.kv.LockOptions;
import io.cairn.kv.LockWaitTimeoutException;
import io.cairn.kv.ResultUndeterminedException;
import io.cairn.kv.Transaction;
import io.cairn.kv.TxnTooLargeException;
import io.cairn.kv.WriteConflictException;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.proto.metapb.Region;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.FaultInjector;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.Regions;
import io.cairn.tikv.testing.TxnCluster;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two-phase commit over the fake cluster: the commit point, failures around it, regions moving. */
class TwoPhaseCommitTest {

  private TxnCluster cluster;
  private TikvStorage storage;

  private void start(TxnConfig config) {
    cluster = new TxnCluster("2pc");
    storage = cluster.open(config);
  }

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private String read(String key) {
    return str(storage.snapshot(storage.currentTimestamp()).get(Key.utf8(key)));
  }

  private boolean isLocked(String key) {
    return cluster.store.get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
        .setVersion(storage.currentTimestamp()).build()).hasError();
  }

  private static boolean isPrimaryCommit(RpcCall<?, ?> c) {
    return c.kind() == RpcKind.KV_COMMIT && ((CommitRequest) c.request()).getKeys(0).toStringUtf8().equals("a");
  }

  @Test
  void transportFailureOfThePrimaryCommitIsRetriedAndCommits() {
    start(TxnConfig.defaults());
    FaultInjector faults = new FaultInjector().inject("lost-commit", TwoPhaseCommitTest::isPrimaryCommit, 1,
        FaultInjector.status(Status.Code.UNAVAILABLE));
    storage.routing().rpcClient().addInterceptor(faults);
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.set(Key.utf8("x"), v("1"));
    t.commit();
    assertThat(faults.fired("lost-commit")).isEqualTo(1);
    int commitsServed = cluster.nodes.stream().mapToInt(n -> n.served(RpcKind.KV_COMMIT)).sum();
    assertThat(commitsServed).as("the primary commit was sent again").isGreaterThanOrEqualTo(1);
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("x")).isEqualTo("1");
  }

  @Test
  void lostAnswerOfThePrimaryCommitIsConfirmedByTheRetry() {
    // the node applied the first commit; the retry finds the commit record and answers OK
    start(TxnConfig.defaults());
    FaultInjector faults = new FaultInjector().inject("lost-answer",
        TwoPhaseCommitTest::isPrimaryCommit, 1, FaultInjector.statusAfterServing(Status.Code.DEADLINE_EXCEEDED));
    storage.routing().rpcClient().addInterceptor(faults);
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.set(Key.utf8("x"), v("1"));
    t.commit();
    assertThat(faults.fired("lost-answer")).isEqualTo(1);
    assertThat(t.commitTs()).isGreaterThan(t.startTs());
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("x")).isEqualTo("1");
  }

  @Test
  void primaryCommitThatNeverGetsAnAnswerIsUndeterminedButMayHaveCommitted() {
    start(TxnConfig.defaults());
    storage.setOption("cairn_backoff_budget_write_ms", "1500");
    FaultInjector faults = new FaultInjector().inject("lost-answers", TwoPhaseCommitTest::isPrimaryCommit,
        FaultInjector.ALWAYS, FaultInjector.statusAfterServing(Status.Code.DEADLINE_EXCEEDED));
    storage.routing().rpcClient().addInterceptor(faults);
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.set(Key.utf8("x"), v("1"));
    assertThatThrownBy(t::commit).isInstanceOfSatisfying(ResultUndeterminedException.class, e -> {
      assertThat(e.undetermined()).isTrue();
      assertThat(e.retryable()).isFalse();
    });
    assertThat(faults.fired("lost-answers")).as("retried until the budget was spent").isGreaterThan(1);
    assertThat(t.isValid()).isFalse();
    faults.clearAll();
    assertThat(read("a")).as("the first attempt was applied").isEqualTo("1");
    assertThat(read("x")).as("readers commit the secondary from the committed primary").isEqualTo("1");
  }

  @Test
  void primaryCommitThatNeverReachesTheNodeIsUndeterminedAndLeavesTheLocks() {
    start(TxnConfig.defaults());
    storage.setOption("cairn_backoff_budget_write_ms", "1500");
    FaultInjector faults = new FaultInjector().inject("unreachable", TwoPhaseCommitTest::isPrimaryCommit,
        FaultInjector.ALWAYS, FaultInjector.status(Status.Code.UNAVAILABLE));
    storage.routing().rpcClient().addInterceptor(faults);
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.set(Key.utf8("x"), v("1"));
    assertThatThrownBy(t::commit).isInstanceOf(ResultUndeterminedException.class);
    int commitsServed = cluster.nodes.stream().mapToInt(n -> n.served(RpcKind.KV_COMMIT)).sum();
    assertThat(commitsServed).isZero();
    // no rollback after an undetermined commit: once the locks expire, readers roll it back
    assertThat(isLocked("a")).isTrue();
  }

  @Test
  void aReaderPushingTheMinCommitTsMakesTheCommitTakeANewerTimestamp() {
    start(TxnConfig.defaults());
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), v("0"));
      t.commit();
    }
    AtomicLong readerTs = new AtomicLong();
    List<String> readerSaw = new CopyOnWriteArrayList<>();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (isPrimaryCommit(call) && readerTs.get() == 0) {
          long ts = storage.currentTimestamp();
          readerTs.set(ts);
          readerSaw.add(str(storage.snapshot(ts).get(Key.utf8("a"))));
        }
        return next.proceed(call);
      }
    });
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.commit();
    assertThat(readerSaw).containsExactly("0");
    assertThat(t.commitTs()).as("committed after the reader's snapshot").isGreaterThan(readerTs.get());
    assertThat(str(storage.snapshot(readerTs.get()).get(Key.utf8("a")))).isEqualTo("0");
    assertThat(read("a")).isEqualTo("1");
  }

  @Test
  void aFailedPrewriteRollsBackWhatItLocked() {
    start(TxnConfig.defaults());
    Transaction loser = storage.begin();
    try (Transaction winner = storage.begin()) {
      winner.set(Key.utf8("x"), v("w"));
      winner.commit();
    }
    loser.set(Key.utf8("a"), v("l"));
    loser.set(Key.utf8("c"), v("l"));
    loser.set(Key.utf8("x"), v("l"));
    assertThatThrownBy(loser::commit).isInstanceOf(WriteConflictException.class);
    assertThat(isLocked("a")).isFalse();
    assertThat(isLocked("c")).isFalse();
    assertThat(read("a")).isNull();
    assertThat(read("x")).isEqualTo("w");
  }

  @Test
  void commitAndReadsSurviveARegionSplitTheDriverHasNotSeen() {
    start(TxnConfig.defaults());
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), v("1"));
      t.set(Key.utf8("c"), v("1"));
      t.commit();
    }
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("c")).isEqualTo("1");
    // Region 1 ["", "acct/5") splits at "ab"; the driver's cache still has the old epoch.
    List<Region> rs = new ArrayList<>(cluster.regions.all());
    rs.set(0, Regions.encodedRegion(1, "", "ab", 1, 2, 1));
    rs.add(1, Regions.encodedRegion(5, "ab", "acct/5", 1, 2, 2));
    cluster.regions.set(rs);
    try (Transaction t = storage.begin()) {
      assertThat(t.batchGet(List.of(Key.utf8("a"), Key.utf8("c"))).values()).extracting(TwoPhaseCommitTest::str)
          .containsExactly("1", "1");
      t.set(Key.utf8("a"), v("2"));
      t.set(Key.utf8("c"), v("2"));
      t.commit();
    }
    assertThat(read("a")).isEqualTo("2");
    assertThat(read("c")).isEqualTo("2");
    assertThat(storage.routing().regionCache().cached(5)).as("the split reached the cache").isPresent();
  }

  @Test
  void aTransactionOverTheSizeLimitIsTooLarge() {
    start(TxnConfig.defaults().withSizeLimits(1024, 4096));
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < 4; i++) {
        t.set(Key.utf8("k" + i), new byte[1000]);
      }
      assertThatThrownBy(() -> t.set(Key.utf8("k9"), new byte[1000]))
          .isInstanceOfSatisfying(TxnTooLargeException.class, e -> assertThat(e.errno()).isEqualTo(8004));
      assertThat(t.memBuffer().len()).isEqualTo(4);
    }
  }

  @Test
  void heartbeatsKeepAPessimisticLockAlivePastItsTtl() throws Exception {
    start(TxnConfig.defaults().withLockTtls(Duration.ofSeconds(3), Duration.ofMillis(600)));
    BeginOptions pessimistic = BeginOptions.builder().pessimistic(true).build();
    try (Transaction holder = storage.begin(pessimistic); Transaction other = storage.begin(pessimistic)) {
      holder.lockKeys(new LockOptions(storage.currentTimestamp(), Duration.ZERO), List.of(Key.utf8("a")));
      Thread.sleep(1_500);
      assertThat(cluster.nodes.stream().mapToInt(n -> n.served(RpcKind.KV_TXN_HEART_BEAT)).sum()).isPositive();
      assertThatThrownBy(() -> other.lockKeys(new LockOptions(storage.currentTimestamp(), Duration.ZERO), List.of(Key.utf8("a"))))
          .isInstanceOf(LockWaitTimeoutException.class);
      holder.set(Key.utf8("a"), v("h"));
      holder.commit();
    }
    assertThat(read("a")).isEqualTo("h");
  }

  @Test
  void pessimisticPrewriteMarksTheLockedKeys() {
    start(TxnConfig.defaults());
    List<PrewriteRequest> prewrites = new CopyOnWriteArrayList<>();
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.KV_PREWRITE) {
          prewrites.add((PrewriteRequest) call.request());
        }
        return next.proceed(call);
      }
    });
    try (Transaction t = storage.begin(BeginOptions.builder().pessimistic(true).build())) {
      long forUpdateTs = storage.currentTimestamp();
      t.lockKeys(new LockOptions(forUpdateTs, Duration.ZERO), List.of(Key.utf8("b"), Key.utf8("a")));
      t.set(Key.utf8("a"), v("1"));
      t.set(Key.utf8("c"), v("1"));
      t.commit();
    }
    // "a", "b" and "c" lie in regions 1, 2 and 3: the primary's region is prewritten first.
    assertThat(prewrites).hasSize(3);
    assertThat(prewrites.get(0).getMutations(0).getKey().toStringUtf8()).isEqualTo("a");
    List<String> described = new ArrayList<>();
    for (PrewriteRequest p : prewrites) {
      assertThat(p.getPrimaryLock().toStringUtf8()).isEqualTo("a");
      assertThat(p.getForUpdateTs()).isPositive();
      for (int i = 0; i < p.getMutationsCount(); i++) {
        described.add(p.getMutations(i).getKey().toStringUtf8() + ":" + p.getMutations(i).getOp() + ":" + p.getIsPessimisticLock(i));
      }
    }
    described.sort(null);
    assertThat(described).containsExactly("a:Put:true", "b:Lock:true", "c:Put:false");
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("b")).isNull();
  }

  @Test
  void aPrimaryChosenByAFailedLockCallIsChosenAgain() {
    start(TxnConfig.defaults());
    BeginOptions pessimistic = BeginOptions.builder().pessimistic(true).build();
    try (Transaction t = storage.begin(pessimistic)) {
      long forUpdateTs = storage.currentTimestamp();
      // "a" changes after the statement's for-update ts: the first call fails, and the lock it
      // took on "a" (the primary it chose) is rolled back.
      try (Transaction writer = storage.begin()) {
        writer.set(Key.utf8("a"), v("new"));
        writer.commit();
      }
      assertThatThrownBy(() -> t.lockKeys(new LockOptions(forUpdateTs, Duration.ofSeconds(5)), List.of(Key.utf8("a"))))
          .isInstanceOf(WriteConflictException.class);
      // The statement runs again and writes other keys: one of them must become the primary.
      t.lockKeys(new LockOptions(storage.currentTimestamp(), Duration.ofSeconds(5)), List.of(Key.utf8("c")));
      t.set(Key.utf8("c"), v("1"));
      t.commit();
    }
    assertThat(read("c")).isEqualTo("1");
    assertThat(read("a")).isEqualTo("new");
  }
}
