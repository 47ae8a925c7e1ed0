package io.cairn.tikv.txn;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.testing.TxnCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kv-interface contract suite against {@link TikvStorage} over an in-process fake PD and
 * two fake storage nodes: the suite's two long tests (the 100k-key transaction, the 16-thread
 * transfers), tagged {@code slow}.
 */
@Tag("slow")
@ExtendWith(SlowContractTests.Only.class)
class TikvStorageContractSlowTest extends AbstractStorageContractTest {

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
