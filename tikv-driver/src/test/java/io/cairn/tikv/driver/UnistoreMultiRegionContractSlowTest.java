package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract suite's two long tests against the pre-split {@code unistore://} of
 * {@link UnistoreMultiRegionContractTest}, tagged {@code slow}.
 */
@Tag("slow")
@ExtendWith(ContractSplit.Slow.class)
class UnistoreMultiRegionContractSlowTest extends AbstractStorageContractTest {

  private MultiRegionUnistore unistore;

  @Override
  protected Storage openStorage() {
    unistore = new MultiRegionUnistore();
    return unistore.storage();
  }

  @AfterEach
  void transactionsCrossedRegions(TestInfo info) {
    unistore.checkAfter(info.getTestMethod().orElseThrow().getName());
  }
}
