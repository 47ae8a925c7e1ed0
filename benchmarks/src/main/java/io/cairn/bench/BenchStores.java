package io.cairn.bench;

import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Engines and a transactional store for the benchmarks; RocksDB lives in a temp dir. */
final class BenchStores implements AutoCloseable {
  final KvEngine engine;
  final LocalRegionEngine regions;
  /** The context of the one region that covers every key. */
  final RequestContext ctx;
  final TxnStore store;
  private final Path dir;

  BenchStores(String engineKind) {
    try {
      if (engineKind.equals("memory")) {
        dir = null;
        engine = new MemoryEngine();
      } else if (engineKind.equals("rocksdb")) {
        dir = Files.createTempDirectory("cairn-bench-");
        engine = RocksEngine.open(RocksEngineOptions.defaults(dir));
      } else {
        throw new IllegalArgumentException("unknown engine " + engineKind);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    regions = LocalRegionEngine.singleRegion(engine);
    ctx = regions.contextFor(1, KeyMode.TXN);
    store = new TxnStore(regions, new Latches(2048), new LockWaitManager(new DeadlockDetector()));
  }

  /**
   * One optimistic transaction: prewrite all mutations (primary = the first), then commit them.
   * The only place the benchmarks call TxnStore, so signature changes are adapted here.
   */
  void commitTxn(List<Mutation> mutations, long startTs, long commitTs) {
    var prewrite = store.prewrite(ctx,
        PrewriteRequest.optimistic(mutations, mutations.get(0).key(), startTs, 3000));
    if (!prewrite.errors().isEmpty()) {
      throw new IllegalStateException("prewrite failed: " + prewrite.errors());
    }
    var commit = store.commit(ctx, mutations.stream().map(Mutation::key).toList(), startTs, commitTs);
    if (commit.isPresent()) {
      throw new IllegalStateException("commit failed: " + commit.get());
    }
  }

  @Override
  public void close() {
    try {
      engine.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
