package io.cairn.bench;

import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.txn.actions.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A full-range {@code kv_scan} through {@link SnapshotReader#scan} over {@code rows} committed
 * keys (one version each, 100-byte values, so inlined as short values) on each engine. The
 * primary score is scans per second; the {@code rows} secondary score is rows per second. On
 * RocksDB the data is flushed to SST files before measuring, so the scan reads what a node
 * reads after a restart rather than the memtable.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MvccScanBench {

  @Param({"memory", "rocksdb"})
  public String engine;

  @Param({"10000", "100000"})
  public int rows;

  private BenchStores stores;
  private SnapshotReader reader;
  private long readTs;

  /** Rows returned, reported by JMH as a rate next to the scan rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rows {
    public long rows;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
    }
  }

  @Setup
  public void setUp() {
    stores = new BenchStores(engine);
    reader = new SnapshotReader(stores.regions);
    byte[] value = new byte[100];
    List<Mutation> batch = new ArrayList<>();
    long ts = 10;
    for (int i = 0; i < rows; i++) {
      batch.add(Mutation.put(String.format("key%08d", i).getBytes(StandardCharsets.UTF_8), value));
      if (batch.size() == 1000 || i == rows - 1) {
        stores.commitTxn(batch, ts, ts + 1);
        ts += 2;
        batch.clear();
      }
    }
    if (stores.engine instanceof RocksEngine rocks) {
      rocks.flush();
    }
    readTs = ts + 10;
  }

  @TearDown
  public void tearDown() {
    stores.close();
  }

  @Benchmark
  public List<KvEntry> scan(Rows counter) {
    List<KvEntry> out =
        reader.scan(stores.ctx, null, null, rows, readTs, false, false, ReadOptions.DEFAULT);
    if (out.size() != rows) {
      throw new IllegalStateException("scanned " + out.size() + " of " + rows);
    }
    counter.rows += out.size();
    return out;
  }
}
