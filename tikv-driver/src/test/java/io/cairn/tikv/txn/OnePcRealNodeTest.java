package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cairn.kv.BeginOptions;
import io.cairn.kv.Key;
import io.cairn.kv.LockOptions;
import io.cairn.kv.ResultUndeterminedException;
import io.cairn.kv.Transaction;
import io.cairn.kv.WriteConflictException;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.tikv.rpc.FaultInjector;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.RealNodes;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One-phase commit against real storage nodes: store 1 holds the keys below "m" (one region),
 * store 2 the rest. The RPCs the driver sends are recorded by kind.
 */
class OnePcRealNodeTest {

  private RealNodes nodes;
  private TikvStorage storage;
  private final List<RpcKind<?, ?>> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    nodes = new RealNodes("onepc", "m");
    storage = nodes.open();
    storage.setOption("tidb_enable_1pc", "ON");
    storage.routing().rpcClient().addInterceptor(new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(
          RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        sent.add(call.kind());
        return next.proceed(call);
      }
    });
  }

  @AfterEach
  void stop() {
    if (storage != null) {
      storage.close();
    }
    if (nodes != null) {
      nodes.close();
    }
  }

  private static byte[] v(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String read(String key) {
    byte[] b = storage.snapshot(storage.currentTimestamp()).get(Key.utf8(key));
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private boolean isLocked(String key) {
    byte[] k = v(key);
    return nodes.stubFor(k).kvGet(GetRequest.newBuilder().setContext(nodes.contextFor(k))
        .setKey(ByteString.copyFrom(k)).setVersion(storage.currentTimestamp()).build()).hasError();
  }

  private long count(RpcKind<?, ?> kind) {
    return sent.stream().filter(k -> k == kind).count();
  }

  private Transaction commitPuts(String... keys) {
    Transaction t = storage.begin();
    for (String k : keys) {
      t.set(Key.utf8(k), v("v-" + k));
    }
    t.commit();
    return t;
  }

  @Test
  void aOneKeyTransactionSendsOnePrewriteAndNoCommit() {
    Transaction t = commitPuts("a");
    assertThat(sent).containsExactly(RpcKind.KV_PREWRITE_ONE_PC);
    assertThat(t.commitTs()).isGreaterThan(t.startTs());
    assertThat(isLocked("a")).isFalse();
    assertThat(read("a")).isEqualTo("v-a");
    assertThat(storage.snapshot(t.commitTs()).get(Key.utf8("a"))).isEqualTo(v("v-a"));
    assertThat(storage.snapshot(t.commitTs() - 1).get(Key.utf8("a"))).isNull();
  }

  @Test
  void severalKeysOfOneRegionCommitInOnePhase() {
    commitPuts("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    assertThat(sent).containsExactly(RpcKind.KV_PREWRITE_ONE_PC);
    assertThat(read("a")).isEqualTo("v-a");
    assertThat(read("j")).isEqualTo("v-j");
  }

  @Test
  void keysInTwoRegionsUseTwoPhases() {
    commitPuts("a", "x");
    assertThat(count(RpcKind.KV_PREWRITE_ONE_PC)).isZero();
    assertThat(count(RpcKind.KV_PREWRITE)).isEqualTo(2);
    assertThat(count(RpcKind.KV_COMMIT)).isPositive();
    assertThat(read("a")).isEqualTo("v-a");
    assertThat(read("x")).isEqualTo("v-x");
  }

  @Test
  void aTransactionLargerThanOneBatchUsesTwoPhases() {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < 20; i++) {
        t.set(Key.utf8("big" + i), new byte[1024]);
      }
      t.commit();
    }
    assertThat(count(RpcKind.KV_PREWRITE_ONE_PC)).isZero();
    assertThat(count(RpcKind.KV_COMMIT)).isPositive();
  }

  @Test
  void onePcIsSwitchedAtRuntime() {
    storage.setOption("TIDB_ENABLE_1PC", "OFF");
    assertThat(storage.options()).containsEntry("tidb_enable_1pc", "OFF");
    commitPuts("a");
    assertThat(sent).containsExactly(RpcKind.KV_PREWRITE, RpcKind.KV_COMMIT);
    sent.clear();
    storage.setOption("tidb_enable_1pc", "ON");
    commitPuts("b");
    assertThat(sent).containsExactly(RpcKind.KV_PREWRITE_ONE_PC);
    assertThatThrownBy(() -> storage.setOption("tidb_enable_1pc", "sometimes"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSplitTheDriverHasNotSeenSendsTheTransactionToTwoPhases() {
    commitPuts("a");
    sent.clear();
    nodes.split("c");
    commitPuts("a", "d");
    assertThat(count(RpcKind.KV_PREWRITE_ONE_PC)).as("the first try meets EpochNotMatch").isEqualTo(1);
    assertThat(count(RpcKind.KV_PREWRITE)).isEqualTo(2);
    assertThat(count(RpcKind.KV_COMMIT)).isPositive();
    assertThat(read("a")).isEqualTo("v-a");
    assertThat(read("d")).isEqualTo("v-d");
    assertThat(isLocked("a")).isFalse();
  }

  @Test
  void aLostAnswerIsUndeterminedButCommitted() {
    FaultInjector faults = new FaultInjector().inject("lost-answer",
        FaultInjector.kind(RpcKind.KV_PREWRITE_ONE_PC), 1,
        FaultInjector.statusAfterServing(Status.Code.DEADLINE_EXCEEDED));
    storage.routing().rpcClient().addInterceptor(faults);
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    t.set(Key.utf8("b"), v("1"));
    assertThatThrownBy(t::commit).isInstanceOfSatisfying(ResultUndeterminedException.class,
        e -> assertThat(e.retryable()).isFalse());
    assertThat(faults.fired("lost-answer")).isEqualTo(1);
    assertThat(count(RpcKind.KV_PREWRITE_ONE_PC)).as("not sent again").isEqualTo(1);
    assertThat(read("a")).isEqualTo("1");
    assertThat(read("b")).isEqualTo("1");
  }

  @Test
  void aTransportFailureBeforeTheNodeIsUndeterminedToo() {
    storage.routing().rpcClient().addInterceptor(new FaultInjector().inject("lost",
        FaultInjector.kind(RpcKind.KV_PREWRITE_ONE_PC), 1,
        FaultInjector.status(Status.Code.UNAVAILABLE)));
    Transaction t = storage.begin();
    t.set(Key.utf8("a"), v("1"));
    assertThatThrownBy(t::commit).isInstanceOf(ResultUndeterminedException.class);
    assertThat(read("a")).isNull();
    assertThat(isLocked("a")).isFalse();
  }

  @Test
  void aWriteConflictFailsTheCommitAndWritesNothing() {
    Transaction loser = storage.begin();
    commitPuts("a");
    loser.set(Key.utf8("a"), v("l"));
    loser.set(Key.utf8("b"), v("l"));
    assertThatThrownBy(loser::commit).isInstanceOfSatisfying(WriteConflictException.class,
        e -> assertThat(e.retryable()).isTrue());
    assertThat(read("a")).isEqualTo("v-a");
    assertThat(read("b")).isNull();
    assertThat(isLocked("b")).isFalse();
  }

  @Test
  void aPessimisticTransactionCommitsInOnePhase() {
    commitPuts("a");
    sent.clear();
    try (Transaction t = storage.begin(BeginOptions.builder().pessimistic(true).build())) {
      t.lockKeys(new LockOptions(storage.currentTimestamp(), Duration.ZERO),
          List.of(Key.utf8("a"), Key.utf8("b")));
      t.set(Key.utf8("a"), v("p"));
      t.commit();
      assertThat(t.commitTs()).isGreaterThan(t.startTs());
    }
    assertThat(count(RpcKind.KV_PREWRITE_ONE_PC)).isEqualTo(1);
    assertThat(count(RpcKind.KV_COMMIT)).isZero();
    assertThat(read("a")).isEqualTo("p");
    assertThat(read("b")).isNull();
    assertThat(isLocked("a")).isFalse();
    assertThat(isLocked("b")).as("the lock-only key's pessimistic lock is gone").isFalse();
  }
}
