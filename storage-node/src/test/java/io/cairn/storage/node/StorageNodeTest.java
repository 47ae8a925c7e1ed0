package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.server.PdServer;
import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.pd.HeartbeatConfig;
import io.cairn.storage.pd.PdClientException;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageNode} against the real placement driver on the in-process transport. */
class StorageNodeTest {

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final HeartbeatConfig FAST = new HeartbeatConfig(Duration.ofMillis(200),
      Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500));

  @TempDir
  Path dir;

  private PdServer pd;
  private final String pdName = "node-test-pd-" + SEQ.incrementAndGet();

  @AfterEach
  void stopPd() {
    if (pd != null) {
      pd.close();
    }
  }

  private void startPd(Path dataDir) {
    pd = PdServer.startInProcess(PdConfig.defaults().withDataDir(dataDir)
        .withShutdownGrace(Duration.ofMillis(200)), PdClock.SYSTEM, pdName);
  }

  private NodeConfig.Builder node(EngineKind engine) {
    return NodeConfig.builder().pdEndpoints(List.of("inprocess://" + pdName)).engine(engine)
        .dataDir(dir.resolve("node")).inProcessName("node-test-" + SEQ.incrementAndGet())
        .heartbeat(FAST).pdRequestTimeout(Duration.ofSeconds(20))
        .drainTimeout(Duration.ofSeconds(2));
  }

  @Test
  void firstNodeBootstrapsTheClusterAndRegistersWithPd() {
    startPd(null);
    try (StorageNode node = StorageNode.start(node(EngineKind.MEMORY)
        .labels(Map.of("zone", "z1")).build())) {
      assertThat(node.bootstrappedCluster()).isTrue();
      assertThat(node.storeId()).isPositive();
      List<RegionMeta> regions = node.regions().regions();
      assertThat(regions).hasSize(1);
      assertThat(regions.get(0).startKey()).isEmpty();
      assertThat(regions.get(0).endKey()).isEmpty();
      assertThat(pd.driver().cluster().isBootstrapped()).isTrue();
      var store = pd.driver().cluster().storeMeta(node.storeId());
      assertThat(store.getAddress()).isEqualTo(node.address());
      assertThat(store.getLabelsList()).anySatisfy(l -> {
        assertThat(l.getKey()).isEqualTo("zone");
        assertThat(l.getValue()).isEqualTo("z1");
      });
      RegionInfo routed = pd.driver().cluster().regionByKey(ByteString.copyFromUtf8("any"));
      assertThat(routed.id()).isEqualTo(regions.get(0).id());
      await("a region heartbeat names the leader",
          () -> {
            RegionInfo r = pd.driver().cluster().regionById(regions.get(0).id());
            return r.leader() != null && r.leaderStoreId() == node.storeId();
          });
      await("store heartbeats", () -> node.heartbeatStats().storeHeartbeats() >= 2);
    }
  }

  @Test
  void restartOverTheSameDataDirKeepsStoreIdRegionsAndData() {
    startPd(dir.resolve("pd"));
    long storeId;
    long regionId;
    byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      storeId = node.storeId();
      regionId = node.regions().regions().get(0).id();
      LocalRegionEngine engine = node.server().regionEngine();
      WriteBatch b = engine.newWriteBatch();
      b.put(ColumnFamily.DEFAULT, key, "v1".getBytes(StandardCharsets.UTF_8));
      engine.write(engine.contextFor(regionId, KeyMode.RAW).withKeys(List.of()), b);
    }
    pd.close();
    startPd(dir.resolve("pd"));
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      assertThat(node.bootstrappedCluster()).isFalse();
      assertThat(node.storeId()).isEqualTo(storeId);
      assertThat(node.regions().regions()).extracting(RegionMeta::id).containsExactly(regionId);
      LocalRegionEngine engine = node.server().regionEngine();
      try (RegionSnapshot snap = engine.snapshot(
          engine.contextFor(regionId, KeyMode.RAW).withKeys(List.of()))) {
        assertThat(snap.get(ColumnFamily.DEFAULT, key))
            .isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(pd.driver().cluster().storeMeta(storeId).getAddress())
          .isEqualTo(node.address());
    }
  }

  @Test
  void splitsArePersistedAndReportedToPd() {
    startPd(null);
    byte[] splitKey = {0x40};
    List<Long> ids;
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      LocalRegionEngine engine = node.server().regionEngine();
      long regionId = node.regions().regions().get(0).id();
      List<RegionMeta> pieces = engine.split(engine.contextFor(regionId, KeyMode.RAW),
          List.of(splitKey));
      assertThat(pieces).hasSize(2);
      ids = pieces.stream().map(RegionMeta::id).toList();
      await("PD routes the left piece", () -> pd.driver().cluster()
          .regionByKey(ByteString.copyFrom(new byte[] {0x10})).id() == ids.get(0));
      await("PD routes the right piece", () -> pd.driver().cluster()
          .regionByKey(ByteString.copyFrom(new byte[] {0x50})).id() == ids.get(1));
    }
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      List<RegionMeta> regions = node.regions().regions();
      assertThat(regions).extracting(RegionMeta::id).containsExactlyElementsOf(ids);
      assertThat(regions.get(0).endKey()).isEqualTo(splitKey);
      assertThat(regions.get(1).startKey()).isEqualTo(splitKey);
      assertThat(regions.get(1).epoch().version()).isEqualTo(2);
    }
  }

  @Test
  void aFailedStartReleasesTheDataDir() {
    startPd(null);
    NodeConfig unreachable = node(EngineKind.ROCKSDB)
        .pdEndpoints(List.of("inprocess://no-such-pd-" + SEQ.incrementAndGet()))
        .pdRequestTimeout(Duration.ofMillis(500)).pdStartupWait(Duration.ofSeconds(1)).build();
    assertThatThrownBy(() -> StorageNode.start(unreachable))
        .isInstanceOf(PdClientException.class);
    // RocksDB's lock on the directory was released: the node starts on it
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      assertThat(node.bootstrappedCluster()).isTrue();
    }
  }

  @Test
  void aDataDirOfAnotherClusterIsRefused() {
    startPd(null);
    try (StorageNode node = StorageNode.start(node(EngineKind.ROCKSDB).build())) {
      assertThat(node.storeId()).isPositive();
    }
    pd.close();
    startPd(null); // a new in-memory PD is a new cluster
    assertThatThrownBy(() -> StorageNode.start(node(EngineKind.ROCKSDB).build()))
        .isInstanceOf(PdClientException.class)
        .hasMessageContaining("belongs to cluster");
  }

  @Test
  void closeIsIdempotent() {
    startPd(null);
    StorageNode node = StorageNode.start(node(EngineKind.MEMORY).build());
    node.close();
    node.close();
  }

  @Test
  void configRefusesRocksdbWithoutADataDir() {
    assertThatThrownBy(() -> NodeConfig.builder().pdEndpoints(List.of("h:1"))
        .engine(EngineKind.ROCKSDB).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data dir");
    assertThat(EngineKind.parse("RocksDB")).isEqualTo(EngineKind.ROCKSDB);
    assertThatThrownBy(() -> EngineKind.parse("tmpfs"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
