package io.cairn.tikv.txn;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.testing.TxnCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kv-interface contract suite against {@link TikvStorage} over an in-process fake PD and
 * two fake storage nodes running the real MVCC core, with four regions. The two long tests of
 * the suite run in {@link TikvStorageContractSlowTest}.
 */
@ExtendWith(SlowContractTests.Except.class)
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
