package io.cairn.tikv.driver;

import io.cairn.kv.Storage;
import io.cairn.kv.contract.AbstractStorageContractTest;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv-interface contract suite against {@code embedded://}: the driver over an in-process
 * PD with persisted metadata and a node on RocksDB, a fresh directory per test. Tagged
 * {@code slow}: every test starts PD and RocksDB.
 */
@Tag("slow")
class EmbeddedContractTest extends AbstractStorageContractTest {

  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Storage openStorage() {
    return new EmbeddedDriver(new StoreCache())
        .open("embedded://" + dir.resolve("db-" + SEQ.incrementAndGet()));
  }
}
