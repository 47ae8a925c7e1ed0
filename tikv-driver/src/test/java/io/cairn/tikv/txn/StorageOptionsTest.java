package io.cairn.tikv.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.kv.Key;
import io.cairn.kv.KvException;
import io.cairn.kv.SnapshotOptions;
import io.cairn.kv.StorageClosedException;
import io.cairn.kv.Transaction;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.errorpb.StaleCommand;
import io.cairn.tikv.config.ReplicaReadMode;
import io.cairn.tikv.rpc.FaultInjector;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.snapshot.TikvSnapshot;
import io.cairn.tikv.testing.TxnCluster;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime options of the storage ({@code Storage.setOption}): what SET GLOBAL reaches. */
class StorageOptionsTest {

  private TxnCluster cluster;
  private TikvStorage storage;

  @BeforeEach
  void start() {
    cluster = new TxnCluster("options");
    storage = cluster.open();
  }

  @AfterEach
  void stop() {
    storage.close();
    cluster.close();
  }

  @Test
  void everyOptionIsListedWithItsDefault() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("tidb_enable_resource_control", "OFF");
    expected.put("tidb_replica_read", "leader");
    expected.put("cairn_backoff_budget_read_ms", "20000");
    expected.put("cairn_backoff_budget_write_ms", "40000");
    expected.put("cairn_backoff_budget_cop_ms", "20000");
    expected.put("cairn_copr_cache_capacity_mb", "64");
    expected.put("cairn_enable_rpc_trace", "OFF");
    expected.put("tidb_enable_1pc", "OFF");
    assertThat(storage.options()).containsExactlyEntriesOf(expected);
  }

  @Test
  void unknownNamesAndBadValuesAreRefusedWithoutChange() {
    assertThatThrownBy(() -> storage.setOption("tidb_no_such", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown storage option 'tidb_no_such'")
        .hasMessageContaining("tidb_replica_read");
    assertThatThrownBy(() -> storage.setOption("tidb_enable_resource_control", "maybe"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ON or OFF");
    assertThatThrownBy(() -> storage.setOption("tidb_replica_read", "learner"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closest-replicas");
    assertThatThrownBy(() -> storage.setOption("cairn_backoff_budget_read_ms", "-1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.setOption("cairn_backoff_budget_write_ms", "soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("milliseconds");
    assertThatThrownBy(() -> storage.setOption("cairn_copr_cache_capacity_mb", "-5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.setOption("tidb_replica_read", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storage.options()).containsEntry("tidb_replica_read", "leader")
        .containsEntry("cairn_backoff_budget_read_ms", "20000")
        .containsEntry("cairn_copr_cache_capacity_mb", "64");
  }

  @Test
  void resourceControlSwitchesAtRuntime() {
    storage.setOption("TIDB_ENABLE_RESOURCE_CONTROL", "on");
    assertThat(storage.resourceControl().isEnabled()).isTrue();
    assertThat(storage.options()).containsEntry("tidb_enable_resource_control", "ON");
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), new byte[] {1});
      t.commit();
    }
    assertThat(storage.resourceControl().registry().stats("default").writeRequests())
        .as("an enabled interceptor charges the default group").isPositive();
    storage.setOption("tidb_enable_resource_control", "0");
    assertThat(storage.resourceControl().isEnabled()).isFalse();
  }

  @Test
  void theGlobalReplicaReadModeReachesSnapshotsThatAskForTheLeader() {
    storage.setOption("tidb_replica_read", "closest-replicas");
    long ts = storage.currentTimestamp();
    TikvSnapshot leaderDefault = (TikvSnapshot) storage.snapshot(ts);
    assertThat(leaderDefault.requestOptions().replicaRead()).isEqualTo(ReplicaReadMode.CLOSEST_REPLICAS);
    TikvSnapshot follower = (TikvSnapshot) storage.snapshot(ts,
        SnapshotOptions.builder().replicaRead(io.cairn.kv.ReplicaReadMode.FOLLOWER).build());
    assertThat(follower.requestOptions().replicaRead()).isEqualTo(ReplicaReadMode.FOLLOWER);
    storage.setOption("tidb_replica_read", "leader");
    assertThat(((TikvSnapshot) storage.snapshot(ts)).requestOptions().replicaRead()).isEqualTo(ReplicaReadMode.LEADER);
  }

  @Test
  void aReadBackoffBudgetOfZeroGivesUpAtTheFirstRetryableError() {
    try (Transaction t = storage.begin()) {
      t.set(Key.utf8("a"), "1".getBytes(StandardCharsets.UTF_8));
      t.commit();
    }
    Error stale = Error.newBuilder().setStaleCommand(StaleCommand.getDefaultInstance()).build();
    FaultInjector faults = new FaultInjector();
    storage.routing().rpcClient().addInterceptor(faults);

    faults.inject("stale", FaultInjector.kind(RpcKind.KV_GET), 1, FaultInjector.regionError(stale));
    assertThat(storage.snapshot(storage.currentTimestamp()).get(Key.utf8("a")))
        .as("with the default budget the get retries past one StaleCommand").isNotNull();

    storage.setOption("cairn_backoff_budget_read_ms", "0");
    faults.inject("stale-again", FaultInjector.kind(RpcKind.KV_GET), 1, FaultInjector.regionError(stale));
    assertThatThrownBy(() -> storage.snapshot(storage.currentTimestamp()).get(Key.utf8("a")))
        .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(faults.fired("stale-again")).as("given up without a retry").isEqualTo(1);
    assertThat(faults.fired("stale")).isEqualTo(1);
  }

  @Test
  void theCoprocessorCacheIsResizedAndDisabledAtRuntime() {
    storage.setOption("cairn_copr_cache_capacity_mb", "0.5");
    assertThat(storage.client().cache().capacityBytes()).isEqualTo(512L * 1024);
    assertThat(storage.options()).containsEntry("cairn_copr_cache_capacity_mb", "0.5");
    storage.setOption("cairn_copr_cache_capacity_mb", "0");
    assertThat(storage.client().cache().enabled()).isFalse();
  }

  @Test
  void aClosedStorageTakesNoOption() {
    storage.close();
    assertThatThrownBy(() -> storage.setOption("tidb_replica_read", "follower"))
        .isInstanceOf(StorageClosedException.class);
  }
}
