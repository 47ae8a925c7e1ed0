package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kv-interface contract suite against {@code unistore://}: the driver over an in-process
 * PD and a real in-process node on the memory engine (the two long tests run in
 * {@link UnistoreContractSlowTest}).
 */
@ExtendWith(ContractSplit.Fast.class)
class UnistoreContractTest extends AbstractStorageContractTest {

  @Override
  protected Storage openStorage() {
    return new UnistoreDriver(new StoreCache()).open("unistore://");
  }
}
