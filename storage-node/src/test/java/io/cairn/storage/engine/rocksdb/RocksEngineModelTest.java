package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.AbstractKvEngineModelTest;
import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.KvEngine;
import java.nio.file.Path;

/** The model test on RocksDB, with a 1-byte prefix extractor on WRITE to cover prefix mode. */
class RocksEngineModelTest extends AbstractKvEngineModelTest {
  @Override
  protected KvEngine openEngine(Path dir) {
    return RocksEngine.open(
        RocksEngineContractTest.testOptions(dir).prefixLength(ColumnFamily.WRITE, 1).build());
  }
}
