package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.pd.PdClock;
import io.cairn.pd.PdConfig;
import io.cairn.pd.server.PdServer;
import io.cairn.storage.node.EngineKind;
import io.cairn.storage.node.NodeConfig;
import io.cairn.storage.node.StorageNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The kv-interface contract suite through {@code tikv://} against the real placement driver
 * and a real storage node ({@link StorageNode}: the MVCC core on the memory engine), each on
 * its own loopback gRPC port: the network path that {@code unistore://} and
 * {@code embedded://} bypass with in-process channels. Tagged {@code slow}: every test starts
 * PD and a node on the network.
 */
@Tag("slow")
class TikvContractTest extends AbstractStorageContractTest {
  private PdServer pd;
  private StorageNode node;

  @Override
  protected Storage openStorage() {
    pd = PdServer.start(PdConfig.defaults().withShutdownGrace(Duration.ofMillis(200)),
        PdClock.SYSTEM);
    node = StorageNode.start(NodeConfig.builder()
        .pdEndpoints(List.of("127.0.0.1:" + pd.port())).engine(EngineKind.MEMORY).port(0)
        .drainTimeout(Duration.ofSeconds(2)).build());
    return new TikvDriver(new StoreCache()).open("tikv://127.0.0.1:" + pd.port()
        + "?pd-timeout=15s");
  }

  @AfterEach
  void stopCluster() {
    if (node != null) {
      node.close();
    }
    if (pd != null) {
      pd.close();
    }
  }
}
