package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.AbstractKvEngineContractTest;
import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.KvEngine;
import java.nio.file.Path;

/**
 * The contract on a RocksEngine whose every family has a 1-byte prefix extractor: prefix blooms
 * must never change what a bounded iterator returns (the engine sets auto prefix mode).
 */
class RocksEnginePrefixContractTest extends AbstractKvEngineContractTest {

  @Override
  protected KvEngine openEngine(Path dir) {
    RocksEngineOptions.Builder options = RocksEngineContractTest.testOptions(dir);
    for (ColumnFamily cf : ColumnFamily.values()) {
      options.prefixLength(cf, 1);
    }
    return RocksEngine.open(options.build());
  }
}
