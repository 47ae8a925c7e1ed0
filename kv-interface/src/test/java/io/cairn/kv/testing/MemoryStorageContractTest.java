package io.cairn.kv.testing;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;

/** The reference storage passes the whole contract suite, which proves the suite passable. */
class MemoryStorageContractTest extends AbstractStorageContractTest {
  @Override
  protected Storage openStorage() {
    return new MemoryStorage("memtest://contract");
  }
}
