package io.cairn.pd.cluster;

import static io.cairn.pd.cluster.Fixtures.key;
import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static io.cairn.pd.cluster.Fixtures.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.PdException;
import io.cairn.pd.storage.FileMetaStore;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.pdpb.ErrorType;
import io.cairn.proto.pdpb.StoreStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateTest {

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(1_000_000);
  private final HealthPolicy policy = new HealthPolicy(20_000, 60_000);
  private FileMetaStore meta;
  private ClusterState cluster;

  @BeforeEach
  void open() {
    meta = FileMetaStore.open(dir);
    cluster = new ClusterState(meta, clock, policy);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private ClusterState reopen() {
    meta.close();
    meta = FileMetaStore.open(dir);
    return new ClusterState(meta, clock, policy);
  }

  private void bootstrap() {
    cluster.bootstrap(store(1), region(2, ByteString.EMPTY, ByteString.EMPTY, 1, 1, peer(3, 1)));
  }

  @Test
  void bootstrapOnceWithAWholeKeySpaceRegion() {
    assertThat(cluster.isBootstrapped()).isFalse();
    assertThatThrownBy(() -> cluster.bootstrap(store(1), region(2, "", "m", 1, peer(3, 1))))
        .isInstanceOf(PdException.class).hasMessageContaining("whole key space");
    assertThatThrownBy(() -> cluster.bootstrap(store(1), region(2, "", "", 1, peer(3, 9))))
        .isInstanceOf(PdException.class).hasMessageContaining("must be on store 1");
    bootstrap();
    assertThat(cluster.isBootstrapped()).isTrue();
    assertThatThrownBy(this::bootstrap).isInstanceOf(PdException.class)
        .extracting(e -> ((PdException) e).type()).isEqualTo(ErrorType.ALREADY_BOOTSTRAPPED);
    assertThat(cluster.regionByKey(key("anything")).id()).isEqualTo(2);
  }

  @Test
  void storesNeedABootstrappedClusterAndUniqueAddresses() {
    assertThatThrownBy(() -> cluster.putStore(store(5))).isInstanceOf(PdException.class)
        .extracting(e -> ((PdException) e).type()).isEqualTo(ErrorType.NOT_BOOTSTRAPPED);
    bootstrap();
    cluster.putStore(store(5));
    Store clash = store(6).toBuilder().setAddress(store(5).getAddress()).build();
    assertThatThrownBy(() -> cluster.putStore(clash)).isInstanceOf(PdException.class)
        .hasMessageContaining("already uses address");
    cluster.putStore(store(5).toBuilder().setVersion("6.5.1").build());
    assertThat(cluster.allStores(true)).extracting(Store::getId).containsExactly(1L, 5L);
    assertThat(cluster.storeMeta(5).getVersion()).isEqualTo("6.5.1");
  }

  @Test
  void allStoresIsCachedUntilAStoreChanges() {
    bootstrap();
    List<Store> first = cluster.allStores(false);
    assertThat(cluster.allStores(false)).isSameAs(first);
    clock.advance(1000);
    cluster.storeHeartbeat(StoreStats.newBuilder().setStoreId(1).build());
    List<Store> second = cluster.allStores(false);
    assertThat(second).isNotSameAs(first);
    assertThat(second.get(0).getLastHeartbeat()).isEqualTo(1_001_000L * 1_000_000L);
  }

  @Test
  void storeHealthFollowsHeartbeatAge() {
    bootstrap();
    cluster.putStore(store(5));
    cluster.storeHeartbeat(StoreStats.newBuilder().setStoreId(1).setCapacity(100)
        .setAvailable(40).setRegionCount(1).build());
    assertThat(cluster.store(1).stats().getAvailable()).isEqualTo(40);
    clock.advance(20_001);
    cluster.storeHeartbeat(StoreStats.newBuilder().setStoreId(1).build());
    assertThat(cluster.storeHealth()).containsEntry(1L, StoreHealth.UP)
        .containsEntry(5L, StoreHealth.DISCONNECTED);
    clock.advance(40_000);
    assertThat(cluster.storeHealth()).containsEntry(5L, StoreHealth.DOWN);
    assertThatThrownBy(() -> cluster.storeHeartbeat(StoreStats.newBuilder().setStoreId(77)
        .build())).isInstanceOf(PdException.class).hasMessageContaining("not found");
  }

  @Test
  void olderEpochsAreIgnoredNewerOnesReplaceOverlaps() {
    bootstrap();
    // split of region 2 at "m": 4 = [, m), 2 = [m, )
    cluster.reportSplit(List.of(region(4, "", "m", 2, peer(5, 1)), region(2, "m", "", 2,
        peer(3, 1))));
    assertThat(cluster.regionByKey(key("a")).id()).isEqualTo(4);
    assertThat(cluster.regionByKey(key("a")).leader()).as("no leader known yet").isNull();
    // a late heartbeat of the pre-split region is stale
    assertThat(cluster.regionHeartbeat(RegionInfo.of(region(2, ByteString.EMPTY, ByteString.EMPTY,
        1, 1, peer(3, 1))).withLeader(peer(3, 1)))).isEqualTo(ClusterState.Update.STALE);
    assertThat(cluster.regionCount()).isEqualTo(2);
    // a merge back into 2 with a newer version replaces 4
    Region merged = region(2, ByteString.EMPTY, ByteString.EMPTY, 1, 3, peer(3, 1));
    assertThat(cluster.regionHeartbeat(RegionInfo.of(merged).withLeader(peer(3, 1))))
        .isEqualTo(ClusterState.Update.APPLIED);
    assertThat(cluster.regionCount()).isEqualTo(1);
    assertThat(cluster.regionById(4)).isNull();
    // a heartbeat with a lower conf_ver is stale too
    Region olderConf = region(2, ByteString.EMPTY, ByteString.EMPTY, 0, 3, peer(3, 1));
    assertThat(cluster.regionHeartbeat(RegionInfo.of(olderConf).withLeader(peer(3, 1))))
        .isEqualTo(ClusterState.Update.STALE);
    assertThat(cluster.regionHeartbeat(RegionInfo.of(merged).withLeader(peer(3, 1))))
        .isEqualTo(ClusterState.Update.UNCHANGED);
  }

  @Test
  void splitReportGivesNewRegionsTheParentsLeaderStore() {
    bootstrap();
    cluster.putStore(store(7));
    Region parent = region(2, ByteString.EMPTY, ByteString.EMPTY, 2, 1, peer(3, 1), peer(8, 7));
    cluster.regionHeartbeat(RegionInfo.of(parent).withLeader(peer(8, 7)));
    cluster.reportSplit(List.of(region(4, key(""), key("m"), 2, 2, peer(5, 1), peer(6, 7)),
        region(2, key("m"), key(""), 2, 2, peer(3, 1), peer(8, 7))));
    assertThat(cluster.regionById(4).leader()).isEqualTo(peer(6, 7));
    assertThat(cluster.regionById(2).leader()).isEqualTo(peer(8, 7));
  }

  @Test
  void heartbeatLeaderMustBeAPeer() {
    bootstrap();
    assertThatThrownBy(() -> cluster.regionHeartbeat(RegionInfo.of(region(2, "", "", 1,
        peer(3, 1))).withLeader(peer(9, 9)))).isInstanceOf(PdException.class);
  }

  @Test
  void restartKnowsEveryStoreAndRegion() {
    bootstrap();
    cluster.putStore(store(5));
    cluster.reportSplit(List.of(region(4, "", "m", 2, peer(5, 1)), region(2, "m", "", 2,
        peer(3, 1))));
    clock.advance(3_600_000);
    ClusterState restarted = reopen();
    assertThat(restarted.isBootstrapped()).isTrue();
    assertThat(restarted.allStores(false)).extracting(Store::getId).containsExactly(1L, 5L);
    assertThat(restarted.storeHealth()).as("a restart does not mark stores down")
        .containsEntry(5L, StoreHealth.UP);
    assertThat(restarted.scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0))
        .extracting(RegionInfo::id).containsExactly(4L, 2L);
  }
}
