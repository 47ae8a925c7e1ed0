package io.cairn.tikv.txn;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.testing.RealNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * The kv-interface contract suite through the driver against two REAL storage nodes
 * ({@link io.cairn.storage.server.StorageNodeServer}: the MVCC core over local regions,
 * in-process gRPC) with several regions each — the suite's keys {@code a}, {@code b}, {@code c}
 * and {@code x} lie in different regions, on both stores — routed by a test PD that holds the
 * nodes' memcomparable-encoded boundaries.
 */
@Tag("slow")
class RealNodeContractTest extends AbstractStorageContractTest {
  private RealNodes nodes;

  @Override
  protected Storage openStorage() {
    nodes = new RealNodes("real-node", "m");
    nodes.split("b", "c", "k", "x");
    nodes.publish();
    return nodes.open();
  }

  @AfterEach
  void stopNodes() {
    if (nodes != null) {
      nodes.close();
    }
  }
}
