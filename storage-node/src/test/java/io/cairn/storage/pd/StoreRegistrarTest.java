package io.cairn.storage.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.metapb.Store;
import io.cairn.proto.metapb.StoreLabel;
import io.cairn.proto.pdpb.AllocIDRequest;
import io.cairn.proto.pdpb.AllocIDResponse;
import io.cairn.proto.pdpb.GetAllStoresRequest;
import io.cairn.proto.pdpb.GetAllStoresResponse;
import io.cairn.proto.pdpb.GetRegionResponse;
import io.cairn.proto.pdpb.IsBootstrappedRequest;
import io.cairn.proto.pdpb.IsBootstrappedResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreRegistrarTest {

  private static StoreDescriptor store(int n) {
    return StoreDescriptor.of("127.0.0.1:2016" + n, 1_700_000_000L)
        .withStatusAddress("127.0.0.1:2018" + n)
        .withLabels(Map.of("zone", "z" + n));
  }

  private static boolean bootstrapped(PdConnection c) {
    return c.call("IsBootstrapped", (stub, h) -> stub.isBootstrapped(
        IsBootstrappedRequest.newBuilder().setHeader(h).build()),
        IsBootstrappedResponse::getHeader).getBootstrapped();
  }

  private static long allocId(PdConnection c) {
    return c.call("AllocID", (stub, h) -> stub.allocID(AllocIDRequest.newBuilder().setHeader(h)
        .build()), AllocIDResponse::getHeader).getId();
  }

  @Test
  void firstStoreBootstrapsAFreshCluster() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      MemoryStoreMeta meta = new MemoryStoreMeta();
      StoreRegistrar.Registration reg = new StoreRegistrar(c, meta, store(1)).register();

      assertThat(reg.bootstrapped()).isTrue();
      Region first = reg.bootstrappedRegion();
      long storeId = reg.ident().storeId();
      assertThat(first.getStartKey().isEmpty()).isTrue();
      assertThat(first.getEndKey().isEmpty()).isTrue();
      assertThat(first.getRegionEpoch())
          .isEqualTo(RegionEpoch.newBuilder().setConfVer(1).setVersion(1).build());
      assertThat(first.getPeersList()).singleElement()
          .satisfies(p -> assertThat(p.getStoreId()).isEqualTo(storeId));
      assertThat(meta.created).containsExactly(first);
      assertThat(meta.loadIdent()).isEqualTo(new StoreIdent(pd.clusterId(), storeId));
      // the pending region was persisted before PD heard of it
      assertThat(meta.saved.get(1).pendingFirstRegion()).isEqualTo(first);

      assertThat(bootstrapped(c)).isTrue();
      GetRegionResponse routed = pd.regionByKey(new byte[] {42});
      assertThat(routed.getRegion()).isEqualTo(first);
      Store s = pd.store(storeId).getStore();
      assertThat(s.getAddress()).isEqualTo("127.0.0.1:20161");
      assertThat(s.getStatusAddress()).isEqualTo("127.0.0.1:20181");
      assertThat(s.getVersion()).isEqualTo("6.5.0");
      assertThat(s.getStartTimestamp()).isEqualTo(1_700_000_000L);
      assertThat(s.getLabelsList())
          .containsExactly(StoreLabel.newBuilder().setKey("zone").setValue("z1").build());
    }
  }

  @Test
  void secondStoreRegistersWithoutBootstrapping() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c1 = pd.connect();
        PdConnection c2 = pd.connect()) {
      long s1 = new StoreRegistrar(c1, new MemoryStoreMeta(), store(1)).register().ident()
          .storeId();
      MemoryStoreMeta meta2 = new MemoryStoreMeta();
      StoreRegistrar.Registration reg = new StoreRegistrar(c2, meta2, store(2)).register();

      assertThat(reg.bootstrapped()).isFalse();
      assertThat(meta2.created).isEmpty();
      assertThat(reg.ident().storeId()).isNotEqualTo(s1);
      GetAllStoresResponse all = c2.call("GetAllStores", (stub, h) -> stub.getAllStores(
          GetAllStoresRequest.newBuilder().setHeader(h).build()),
          GetAllStoresResponse::getHeader);
      assertThat(all.getStoresList()).extracting(Store::getId)
          .containsExactlyInAnyOrder(s1, reg.ident().storeId());
    }
  }

  @Test
  void restartedStoreKeepsItsIdAndUpdatesItsAddress() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      MemoryStoreMeta meta = new MemoryStoreMeta();
      long id = new StoreRegistrar(c, meta, store(1)).register().ident().storeId();

      StoreRegistrar.Registration again = new StoreRegistrar(c, meta,
          StoreDescriptor.of("127.0.0.1:30000", 1_700_000_100L)).register();

      assertThat(again.ident().storeId()).isEqualTo(id);
      assertThat(again.bootstrapped()).isFalse();
      assertThat(meta.created).hasSize(1);
      assertThat(pd.store(id).getStore().getAddress()).isEqualTo("127.0.0.1:30000");
    }
  }

  @Test
  void crashBeforeBootstrapResumesWithThePersistedRegion() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      c.leader();
      long storeId = allocId(c);
      Region prepared = Region.newBuilder().setId(allocId(c))
          .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
          .addPeers(Peer.newBuilder().setId(allocId(c)).setStoreId(storeId)).build();
      MemoryStoreMeta meta = new MemoryStoreMeta();
      meta.saveIdent(new StoreIdent(c.clusterId(), storeId, prepared));

      StoreRegistrar.Registration reg = new StoreRegistrar(c, meta, store(1)).register();

      assertThat(reg.bootstrappedRegion()).isEqualTo(prepared);
      assertThat(meta.created).containsExactly(prepared);
      assertThat(meta.loadIdent().pendingFirstRegion()).isNull();
      assertThat(pd.regionByKey(new byte[0]).getRegion()).isEqualTo(prepared);
    }
  }

  @Test
  void crashAfterBootstrapCreatesTheRegionAgain() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      MemoryStoreMeta meta = new MemoryStoreMeta();
      StoreRegistrar.Registration first = new StoreRegistrar(c, meta, store(1)).register();
      // as if the node died after Bootstrap but before clearing its pending region
      meta.saveIdent(first.ident().withPendingFirstRegion(first.bootstrappedRegion()));

      StoreRegistrar.Registration again = new StoreRegistrar(c, meta, store(1)).register();

      assertThat(again.bootstrappedRegion()).isEqualTo(first.bootstrappedRegion());
      assertThat(meta.created).containsExactly(first.bootstrappedRegion(),
          first.bootstrappedRegion());
      assertThat(meta.loadIdent().pendingFirstRegion()).isNull();
    }
  }

  @Test
  void storeThatLostTheBootstrapRaceDropsItsRegion() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      c.leader();
      long storeId = allocId(c);
      Region prepared = Region.newBuilder().setId(allocId(c))
          .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
          .addPeers(Peer.newBuilder().setId(allocId(c)).setStoreId(storeId)).build();
      MemoryStoreMeta loser = new MemoryStoreMeta();
      loser.saveIdent(new StoreIdent(c.clusterId(), storeId, prepared));
      new StoreRegistrar(c, new MemoryStoreMeta(), store(1)).register();

      StoreRegistrar.Registration reg = new StoreRegistrar(c, loser, store(2)).register();

      assertThat(reg.bootstrapped()).isFalse();
      assertThat(loser.created).isEmpty();
      assertThat(loser.loadIdent()).isEqualTo(new StoreIdent(c.clusterId(), storeId));
      assertThat(pd.store(storeId).getStore().getAddress()).isEqualTo("127.0.0.1:20162");
    }
  }

  @Test
  void identOfAnotherClusterIsRefused() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      MemoryStoreMeta meta = new MemoryStoreMeta();
      meta.saveIdent(new StoreIdent(pd.clusterId() + 1, 5));
      assertThatThrownBy(() -> new StoreRegistrar(c, meta, store(1)).register())
          .isInstanceOfSatisfying(PdClientException.class,
              e -> assertThat(e.kind()).isEqualTo(PdClientException.Kind.WRONG_CLUSTER));
      assertThat(bootstrapped(c)).isFalse();
    }
  }

  @Test
  void putStoreNeedsAStoreId() {
    try (InProcessPd pd = new InProcessPd((Path) null); PdConnection c = pd.connect()) {
      assertThatThrownBy(() -> new StoreRegistrar(c, new MemoryStoreMeta(), store(1)).putStore())
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void descriptorValidatesVersionAndLabels() {
    assertThat(StoreDescriptor.parseLabels("zone=z1, host=h1"))
        .containsExactly(Map.entry("zone", "z1"), Map.entry("host", "h1"));
    assertThat(StoreDescriptor.parseLabels("")).isEmpty();
    for (String bad : new String[] {"zone", "zone=", "=z1", "zone=z1,zone=z2", "zone=z1,"}) {
      assertThatThrownBy(() -> StoreDescriptor.parseLabels(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    StoreDescriptor ok = StoreDescriptor.of("h:1", 0);
    for (String bad : new String[] {"3.9.9", "6.5", "x.y.z", ""}) {
      assertThatThrownBy(() -> new StoreDescriptor("h:1", null, null, Map.of(), bad, null, null,
          0)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(new StoreDescriptor("h:1", "h:2", "", Map.of(), "v7.1.0-cairn", "abc", "/opt",
        5).toStore(9))
        .satisfies(s -> {
          assertThat(s.getId()).isEqualTo(9);
          assertThat(s.getPeerAddress()).isEqualTo("h:2");
          assertThat(s.getStatusAddress()).isEmpty();
          assertThat(s.getGitHash()).isEqualTo("abc");
          assertThat(s.getDeployPath()).isEqualTo("/opt");
        });
    assertThat(ok.toStore(1).getVersion()).isEqualTo(StoreDescriptor.DEFAULT_VERSION);
  }
}
