package io.cairn.tikv.txn;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.testing.TxnCluster;
import org.junit.jupiter.api.AfterEach;

/**
 * The kv-interface contract suite against {@link TikvStorage} over an in-process fake PD and
 * two fake storage nodes running the real MVCC core, with four regions.
 */
class TikvStorageContractTest extends AbstractStorageContractTest {

  private TxnCluster cluster;

  @Override
  protected Storage openStorage() {
    cluster = new TxnCluster("contract");
    return cluster.open();
  }

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
