package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.BeginOptions;
import io.cairn.kv.CopRequest;
import io.cairn.kv.GcTooEarlyException;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.Snapshot;
import io.cairn.kv.StorageMetric;
import io.cairn.kv.Transaction;
import io.cairn.tikv.testing.TxnCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Store creation step 4: the storage reads PD's GC safe point and keeps every read above it. */
class GcSafePointStorageTest {

  private TxnCluster cluster;
  private TikvStorage storage;

  @BeforeEach
  void start() {
    cluster = new TxnCluster("gc");
    storage = cluster.open();
  }

  @AfterEach
  void stop() {
    storage.close();
    cluster.close();
  }

  private long writeAndTakeTs() {
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("k"), "v".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    return storage.currentTimestamp();
  }

  @Test
  void theSafePointIsReadWhenTheStoreOpens() {
    storage.close();
    cluster.pd.setGcSafePoint(12345);
    storage = cluster.open();
    assertThat(storage.safePoint().safePoint()).isEqualTo(12345);
    assertThat(storage.metrics()).contains(StorageMetric.gauge("cairn_tikv_gc_safe_point",
        "The GC safe point last read from PD", 12345));
  }

  @Test
  void snapshotsAndTransactionsBelowTheSafePointAreRefused() {
    long old = writeAndTakeTs();
    long newer = storage.currentTimestamp();
    cluster.pd.setGcSafePoint(newer);
    storage.safePoint().refresh();
    assertThatThrownBy(() -> storage.snapshot(old))
        .isInstanceOfSatisfying(GcTooEarlyException.class, e -> assertThat(e.safePoint()).isEqualTo(newer));
    assertThatThrownBy(() -> storage.begin(BeginOptions.builder().startTs(old).build()))
        .isInstanceOf(GcTooEarlyException.class);
    assertThatThrownBy(() -> storage.client().send(CopRequest.dag(new byte[] {1},
        List.of(new KeyRange(Key.utf8("a"), Key.utf8("z"))), old)))
        .isInstanceOf(GcTooEarlyException.class);
    assertThat(storage.snapshot(newer).get(Key.utf8("k"))).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSnapshotThatFallsBehindTheSafePointStopsReading() {
    long ts = writeAndTakeTs();
    Snapshot s = storage.snapshot(ts);
    Transaction t = storage.begin();
    assertThat(s.get(Key.utf8("k"))).isNotNull();
    cluster.pd.setGcSafePoint(storage.currentTimestamp());
    storage.safePoint().refresh();
    assertThatThrownBy(() -> s.get(Key.utf8("k"))).isInstanceOf(GcTooEarlyException.class);
    assertThatThrownBy(() -> s.batchGet(List.of(Key.utf8("k")))).isInstanceOf(GcTooEarlyException.class);
    assertThatThrownBy(() -> s.iterate(new KeyRange(Key.utf8("a"), Key.utf8("z")))).isInstanceOf(GcTooEarlyException.class);
    assertThatThrownBy(() -> t.get(Key.utf8("k"))).isInstanceOf(GcTooEarlyException.class);
    t.rollback();
  }
}
