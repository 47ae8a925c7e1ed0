package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Transaction;
import io.cairn.proto.kvrpcpb.BatchRollbackRequest;
import io.cairn.proto.kvrpcpb.CommitRequest;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.Mutation;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.PrewriteRequest;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.TxnCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Readers and writers meeting the locks of other transactions, including clients that died
 * between prewrite and commit. The "dead client" writes straight into the storage core, as a
 * driver that crashed would have left it.
 */
class LockResolutionTest {

  private TxnCluster cluster;
  private TikvStorage storage;

  @BeforeEach
  void start() {
    cluster = new TxnCluster("locks");
    storage = cluster.open();
  }

  @AfterEach
  void stop() {
    storage.close();
    cluster.close();
  }

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static String str(byte[] v) {
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  private void put(String... kv) {
    try (Transaction t = storage.begin()) {
      for (int i = 0; i < kv.length; i += 2) {
        t.set(Key.utf8(kv[i]), kv[i + 1].getBytes(StandardCharsets.UTF_8));
      }
      t.commit();
    }
    // Secondaries commit asynchronously: read them once so no lock of this put is left.
    for (int i = 0; i < kv.length; i += 2) {
      read(kv[i]);
    }
  }

  private String read(String key) {
    return str(storage.snapshot(storage.currentTimestamp()).get(Key.utf8(key)));
  }

  /** A dead client's prewrite of {@code keys} (primary first) with value "dead". */
  private long deadPrewrite(long ttlMillis, String... keys) {
    long startTs = storage.currentTimestamp();
    PrewriteRequest.Builder b = PrewriteRequest.newBuilder()
        .setPrimaryLock(b(keys[0])).setStartVersion(startTs).setLockTtl(ttlMillis)
        .setTxnSize(keys.length).setMinCommitTs(startTs + 1);
    for (String k : keys) {
      b.addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(b(k)).setValue(b("dead")));
    }
    assertThat(cluster.store.prewrite(b.build()).getErrorsCount()).isZero();
    return startTs;
  }

  private boolean isLocked(String key) {
    return cluster.store.get(GetRequest.newBuilder().setKey(b(key)).setVersion(storage.currentTimestamp()).build()).hasError();
  }

  @Test
  void readerCommitsTheSecondaryOfACommittedPrimary() {
    put("a", "old", "x", "old");
    long startTs = deadPrewrite(60_000, "a", "x");
    long commitTs = storage.currentTimestamp();
    // The client committed its primary, then died before the secondary.
    assertThat(cluster.store.commit(CommitRequest.newBuilder().setStartVersion(startTs).addKeys(b("a"))
        .setCommitVersion(commitTs).build()).hasError()).isFalse();
    assertThat(isLocked("x")).isTrue();

    assertThat(read("x")).isEqualTo("dead");
    assertThat(read("a")).isEqualTo("dead");
    assertThat(isLocked("x")).as("the reader resolved the secondary").isFalse();
    assertThat(str(storage.snapshot(commitTs - 1).get(Key.utf8("x")))).isEqualTo("old");
  }

  @Test
  void readerRollsBackTheSecondaryOfARolledBackPrimary() {
    put("a", "old", "x", "old");
    long startTs = deadPrewrite(60_000, "a", "x");
    assertThat(cluster.store.batchRollback(BatchRollbackRequest.newBuilder().setStartVersion(startTs)
        .addKeys(b("a")).build()).hasError()).isFalse();

    try (KvIterator<KvPair> it = storage.snapshot(storage.currentTimestamp()).iterate(KeyRange.all())) {
      List<String> seen = new ArrayList<>();
      it.forEachRemaining(p -> seen.add(str(p.key().toByteArray()) + "=" + str(p.value())));
      assertThat(seen).containsExactly("a=old", "x=old");
    }
    assertThat(isLocked("x")).isFalse();
  }

  @Test
  void readerDoesNotWaitForALiveWriterItCanPush() {
    put("a", "old", "x", "old");
    deadPrewrite(60_000, "a", "x");
    long before = System.nanoTime();
    assertThat(storage.snapshot(storage.currentTimestamp()).batchGet(List.of(Key.utf8("a"), Key.utf8("x"))).values())
        .extracting(LockResolutionTest::str).containsExactlyInAnyOrder("old", "old");
    assertThat((System.nanoTime() - before) / 1_000_000).as("ms spent reading").isLessThan(10_000);
    assertThat(isLocked("a")).as("the writer is alive and keeps its locks").isTrue();
  }

  @Test
  void crashBetweenPrewriteAndCommitIsRolledBackAfterTheTtl() {
    put("a", "old", "x", "old");
    long deadTs = deadPrewrite(400, "a", "x");
    long before = System.nanoTime();
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), "new".getBytes(StandardCharsets.UTF_8));
      t.set(Key.utf8("x"), "new".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    assertThat((System.nanoTime() - before) / 1_000_000).as("waited for the dead lock's TTL").isGreaterThanOrEqualTo(200);
    assertThat(read("a")).isEqualTo("new");
    assertThat(read("x")).isEqualTo("new");
    // The dead client wakes up and tries to commit: too late, its locks were rolled back.
    var late = cluster.store.commit(CommitRequest.newBuilder().setStartVersion(deadTs).addKeys(b("a"))
        .setCommitVersion(storage.currentTimestamp()).build());
    assertThat(late.hasError()).isTrue();
    assertThat(read("a")).isEqualTo("new");
    assertThat(isLocked("a")).isFalse();
    assertThat(isLocked("x")).isFalse();
  }

  @Test
  void expiredLocksOfADeadClientEndAllCommittedOrAllRolledBack() throws Exception {
    put("a", "old", "q", "old", "x", "old");
    deadPrewrite(200, "q", "a", "x");
    Thread.sleep(300);
    // A reader after the TTL: it rolls the dead transaction back everywhere it reads.
    assertThat(read("x")).isEqualTo("old");
    assertThat(read("a")).isEqualTo("old");
    assertThat(read("q")).isEqualTo("old");
    assertThat(isLocked("a") || isLocked("x") || isLocked("q")).isFalse();
    int checks = cluster.nodes.stream().mapToInt(n -> n.served(RpcKind.KV_CHECK_TXN_STATUS)).sum();
    assertThat(checks).as("the dead transaction's status is cached after the first check").isLessThanOrEqualTo(2);
  }

  @Test
  void secondaryLockWhosePrimaryNeverArrivedIsRolledBackAfterItsTtl() throws Exception {
    put("x", "old");
    long startTs = storage.currentTimestamp();
    // Only the secondary was prewritten; the primary "a" never reached its node.
    assertThat(cluster.store.prewrite(PrewriteRequest.newBuilder()
        .setPrimaryLock(b("a")).setStartVersion(startTs).setLockTtl(300).setTxnSize(2).setMinCommitTs(startTs + 1)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(b("x")).setValue(b("dead"))).build())
        .getErrorsCount()).isZero();
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("x"), "new".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    assertThat(read("x")).isEqualTo("new");
    // A late prewrite of the primary must fail: a protected rollback record is in its way.
    var late = cluster.store.prewrite(PrewriteRequest.newBuilder()
        .setPrimaryLock(b("a")).setStartVersion(startTs).setLockTtl(300).setTxnSize(2)
        .addMutations(Mutation.newBuilder().setOp(Op.Put).setKey(b("a")).setValue(b("dead"))).build());
    assertThat(late.getErrorsCount()).isPositive();
    assertThat(read("a")).isNull();
  }

  @Test
  void writerGivesUpWhenAnOptimisticWinnerHoldsThePrimary() {
    put("a", "old");
    long deadTs = deadPrewrite(60_000, "a");
    try (Transaction loser = storage.begin()) {
      long commitTs = storage.currentTimestamp();
      cluster.store.commit(CommitRequest.newBuilder().setStartVersion(deadTs).addKeys(b("a")).setCommitVersion(commitTs).build());
      loser.set(Key.utf8("a"), "loser".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(loser::commit).isInstanceOf(io.cairn.kv.WriteConflictException.class);
    }
    assertThat(read("a")).isEqualTo("dead");
  }
}
