package io.cairn.tikv.txn;

import com.google.protobuf.ByteString;
import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.server.CoprocessorHandler;
import io.cairn.storage.server.StorageNodeConfig;
import io.cairn.storage.server.StorageNodeServer;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.testing.FakeTxnPd;
import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.RegionTable;
import io.cairn.tikv.testing.Regions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The kv-interface contract suite through the driver against the REAL storage node service
 * ({@link StorageNodeServer}: the MVCC core over a local region, in-process gRPC), routed by a
 * test PD. Multi-region runs against the real node wait for the region cache to decode
 * memcomparable region boundaries (see the README).
 */
@Tag("slow")
class RealNodeContractTest extends AbstractStorageContractTest {
  private static final AtomicLong N = new AtomicLong();
  private StorageNodeServer node;
  private InProcess net;

  @Override
  protected Storage openStorage() {
    String name = "real-node-" + N.incrementAndGet();
    AtomicLong ids = new AtomicLong(1000);
    node = new StorageNodeServer(StorageNodeConfig.builder().inProcessName(name).build(), ids::incrementAndGet,
        CoprocessorHandler.UNSUPPORTED, List.of()).start();
    RegionMeta m = node.regions().regions().get(0);
    Region.Builder r = Region.newBuilder().setId(m.id()).setStartKey(ByteString.copyFrom(m.startKey()))
        .setEndKey(ByteString.copyFrom(m.endKey()))
        .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(m.epoch().confVer()).setVersion(m.epoch().version()));
    m.peers().forEach(p -> r.addPeers(Peer.newBuilder().setId(p.id()).setStoreId(p.storeId())));
    net = new InProcess();
    String pd = name + "-pd";
    net.start(pd, new FakeTxnPd(pd, 7, new RegionTable(List.of(r.build())), List.of(Regions.store(1, name, Map.of()))));
    return TikvStorage.open("real://" + name, List.of(pd),
        TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15)), TxnConfig.defaults(), InProcess.channels());
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
    if (net != null) {
      net.close();
    }
  }
}
