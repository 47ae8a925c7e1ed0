package io.cairn.tikv.cluster;

import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.kv.contract.AbstractStorageContractTest;
import io.cairn.tikv.driver.StoreCache;
import io.cairn.tikv.driver.TikvDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv-interface contract suite through {@code tikv://} against one PD and three Raft nodes
 * on RocksDB, each a separate process. One cluster serves the whole class (starting it costs
 * tens of seconds); each test gets a fresh storage over it, emptied first by deleting every key
 * in transactions, which the suite's "empty storage" needs. The 100k-key transaction is left to
 * the in-process suites ({@code TikvStorageContractSlowTest}): 100,000 keys through Raft on
 * three processes, and as many deletes to empty the storage after it, would take a large share
 * of the slow-test budget to show what the in-process run already shows.
 */
@Tag("slow")
@ExtendWith(ClusterContractTest.SkipLargeTransaction.class)
class ClusterContractTest extends AbstractStorageContractTest {

  private static ProcessCluster cluster;

  @BeforeAll
  static void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
    cluster = ProcessCluster.start(dir, 3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Storage openStorage() {
    Storage s = new TikvDriver(new StoreCache()).open("tikv://" + cluster.pdAddress()
        + "?pd-timeout=15s");
    try {
      deleteEverything(s);
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  @Override
  protected Duration generousTimeout() {
    return Duration.ofSeconds(30);
  }

  /** Deletes every key a previous test left, 10,000 keys a transaction. */
  static void deleteEverything(Storage s) {
    while (true) {
      List<Key> keys = new ArrayList<>();
      try (KvIterator<KvPair> it = s.snapshot(s.currentTimestamp()).iterate(KeyRange.all())) {
        while (it.hasNext() && keys.size() < 10_000) {
          keys.add(it.next().key());
        }
      }
      if (keys.isEmpty()) {
        return;
      }
      try (Transaction t = s.begin()) {
        keys.forEach(t::delete);
        t.commit();
      }
    }
  }

  /** Disables the suite's 100k-key transaction (the suite's methods are package-private). */
  static final class SkipLargeTransaction implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext ctx) {
      return ctx.getTestMethod().map(m -> m.getName().equals("largeTransaction")).orElse(false)
          ? ConditionEvaluationResult.disabled("runs in the in-process contract suites")
          : ConditionEvaluationResult.enabled("contract test");
    }
  }
}
