package io.cairn.bench;

import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.txn.actions.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Percolator MVCC on each engine: a point get at a snapshot over 10k committed keys, and one
 * single-key transaction (prewrite + commit) on a random one of those keys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MvccBench {
  private static final int KEYS = 10_000;
  private static final long READ_TS = 1L << 62;

  @Param({"memory", "rocksdb"})
  public String engine;

  private BenchStores stores;
  private SnapshotReader reader;
  private byte[][] keys;
  private byte[] value;
  private SplittableRandom random;
  private long ts;

  @Setup
  public void setUp() {
    stores = new BenchStores(engine);
    reader = new SnapshotReader(stores.regions);
    keys = new byte[KEYS][];
    value = new byte[100];
    List<Mutation> batch = new ArrayList<>();
    ts = 10;
    for (int i = 0; i < KEYS; i++) {
      keys[i] = String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
      batch.add(Mutation.put(keys[i], value));
      if (batch.size() == 1000) {
        stores.commitTxn(batch, ts, ts + 1);
        ts += 2;
        batch.clear();
      }
    }
    random = new SplittableRandom(42);
  }

  @TearDown
  public void tearDown() {
    stores.close();
  }

  @Benchmark
  public KvEntry pointGet() {
    return reader.get(stores.ctx, keys[random.nextInt(KEYS)], READ_TS, ReadOptions.DEFAULT);
  }

  @Benchmark
  public long prewriteCommitOneKey() {
    long start = ts;
    stores.commitTxn(List.of(Mutation.put(keys[random.nextInt(KEYS)], value)), start, start + 1);
    ts += 2;
    return start;
  }
}
