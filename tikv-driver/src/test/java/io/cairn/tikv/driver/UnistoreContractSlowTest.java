package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract suite's two long tests against {@code unistore://}, tagged {@code slow}. */
@Tag("slow")
@ExtendWith(ContractSplit.Slow.class)
class UnistoreContractSlowTest extends AbstractStorageContractTest {

  @Override
  protected Storage openStorage() {
    return new UnistoreDriver(new StoreCache()).open("unistore://");
  }
}
