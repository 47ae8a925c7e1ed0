package io.cairn.bench;

import io.cairn.codec.ColumnType;
import io.cairn.codec.KeyRange;
import io.cairn.codec.RowCodec;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.exec.DagCodec;
import io.cairn.coprocessor.exec.DagRunner;
import io.cairn.coprocessor.exec.KvSource;
import io.cairn.coprocessor.exec.RunLimits;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.dag.AggFunc;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.Aggregation;
import io.cairn.proto.dag.ColumnInfo;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.dag.Executor;
import io.cairn.proto.dag.Selection;
import io.cairn.proto.dag.TableScan;
import io.cairn.storage.copr.MvccKvSource;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.txn.actions.Mutation;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code SELECT COUNT(c), SUM(c) FROM t WHERE a > 49} over a 10k-row table (id handle, a BIGINT
 * 0..99, c DECIMAL(10,2)) through the coprocessor executors (table scan → selection → hash
 * aggregation, via {@link DagRunner}). Scores are rows per second (one operation = one row
 * scanned); a whole 10k-row scan takes 10_000 / score seconds.
 *
 * <ul>
 *   <li>{@code mvccScanFilterAgg}: read through the MVCC snapshot reader on each engine, the
 *       whole path of a storage node's coprocessor request;
 *   <li>{@code executorsOnly}: the same pipeline over the pairs pre-read into memory, the cost of
 *       the executors themselves (decode, filter, aggregate, encode).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoprocessorBench {
  private static final int ROWS = 10_000;
  private static final long TABLE = 7;

  @Param({"memory", "rocksdb"})
  public String engine;

  private BenchStores stores;
  private MvccKvSource mvcc;
  private EngineSnapshot snapshot;
  private KvSource preRead;
  private DagRunner runner;
  private DagRequest dag;
  private List<KeyRange> ranges;

  @Setup
  public void setUp() {
    stores = new BenchStores(engine);
    SplittableRandom r = new SplittableRandom(7);
    List<Mutation> batch = new ArrayList<>();
    long ts = 10;
    byte[][] keys = new byte[ROWS][];
    byte[][] values = new byte[ROWS][];
    ColumnType[] types = {ColumnType.INT64, ColumnType.decimal(10, 2)};
    for (int i = 0; i < ROWS; i++) {
      keys[i] = TableCodec.recordKey(TABLE, i + 1);
      values[i] = RowCodec.encode(new long[] {2, 3}, types,
          new Object[] {(long) r.nextInt(100), BigDecimal.valueOf(r.nextInt(1_000_000), 2)});
      batch.add(Mutation.put(keys[i], values[i]));
      if (batch.size() == 1000) {
        stores.commitTxn(batch, ts, ts + 1);
        ts += 2;
        batch.clear();
      }
    }
    snapshot = stores.engine.snapshot();
    mvcc = new MvccKvSource(snapshot, ts + 10);
    preRead = new ArrayKvSource(keys, values);
    runner = new DagRunner(Clock.systemUTC(), RunLimits.UNLIMITED);
    ranges = List.of(TableCodec.recordRange(TABLE));

    ExprBuilder eb = new ExprBuilder();
    DagCodec codec = new DagCodec(eb);
    FieldType a = FieldType.bigint();
    FieldType c = FieldType.decimal(10, 2);
    Executor scan = Executor.newBuilder().setTableScan(TableScan.newBuilder().setTableId(TABLE)
        .addColumns(ColumnInfo.newBuilder().setColumnId(2).setFieldType(DagCodec.toProto(a)))
        .addColumns(ColumnInfo.newBuilder().setColumnId(3).setFieldType(DagCodec.toProto(c)))).build();
    Executor sel = Executor.newBuilder().setSelection(Selection.newBuilder().addConditions(
        codec.toProto(eb.call(FuncId.GT, eb.column(0, a), eb.intLiteral(49))))).build();
    Executor agg = Executor.newBuilder().setAggregation(Aggregation.newBuilder()
        .addAggFuncs(AggFunc.newBuilder().setKind(AggKind.COUNT).addArgs(codec.toProto(eb.column(1, c))))
        .addAggFuncs(AggFunc.newBuilder().setKind(AggKind.SUM).addArgs(codec.toProto(eb.column(1, c))))).build();
    dag = DagRequest.newBuilder().addExecutors(scan).addExecutors(sel).addExecutors(agg).setTimeZone("UTC").build();
  }

  @TearDown
  public void tearDown() {
    snapshot.close();
    stores.close();
  }

  private DagResponse run(KvSource source) {
    List<io.cairn.proto.dag.Chunk> chunks = new ArrayList<>(1);
    DagResponse tail = runner.run(dag, ranges, 0, source, null, chunks::add);
    if (chunks.size() != 1 || chunks.get(0).getRowCount() != 1) {
      throw new IllegalStateException("expected one aggregate row, got " + chunks);
    }
    return tail;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DagResponse mvccScanFilterAgg() {
    return run(mvcc);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public DagResponse executorsOnly() {
    return run(preRead);
  }

  /** Sorted key/value arrays, as a source without MVCC or engine cost. */
  private static final class ArrayKvSource implements KvSource {
    private final byte[][] keys;
    private final byte[][] values;

    ArrayKvSource(byte[][] keys, byte[][] values) {
      this.keys = keys;
      this.values = values;
    }

    @Override
    public Cursor open(byte[] start, byte[] end, boolean reverse) {
      if (reverse) {
        throw new UnsupportedOperationException("forward only");
      }
      return new Cursor() {
        int i = -1;

        @Override
        public boolean next() {
          do {
            i++;
          } while (i < keys.length && start != null && Arrays.compareUnsigned(keys[i], start) < 0);
          return i < keys.length && (end == null || end.length == 0 || Arrays.compareUnsigned(keys[i], end) < 0);
        }

        @Override
        public byte[] key() {
          return keys[i];
        }

        @Override
        public byte[] value() {
          return values[i];
        }

        @Override
        public void close() {}
      };
    }
  }
}
