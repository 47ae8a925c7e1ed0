package io.cairn.storage.copr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.exec.DagFixture;
import io.cairn.coprocessor.exec.DagRun;
import io.cairn.coprocessor.exec.KeyLockedException;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.ByItem;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.Executor;
import io.cairn.proto.dag.IndexScan;
import io.cairn.proto.dag.Limit;
import io.cairn.proto.dag.Projection;
import io.cairn.proto.dag.TopN;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.memory.MemoryEngine;
import io.cairn.storage.engine.rocksdb.RocksEngine;
import io.cairn.storage.engine.rocksdb.RocksEngineOptions;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.LocalRegionEngine;
import io.cairn.storage.region.RequestContext;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.latch.Latches;
import io.cairn.storage.txn.lockwait.DeadlockDetector;
import io.cairn.storage.txn.lockwait.LockWaitManager;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every coprocessor executor over data written by Percolator transactions (prewrite + commit) on
 * both engines, read through {@link MvccKvSource} at a snapshot timestamp. Small batch sizes make
 * the source cross many MVCC scan batches.
 */
class CoprocessorOverEnginesTest {
  private static final long COMMIT_TS = 20;
  private static final long READ_TS = 30;

  @TempDir Path dir;
  private KvEngine engine;
  private TxnStore store;
  private LocalRegionEngine regions;
  private RequestContext ctx;
  private final List<EngineSnapshot> snapshots = new ArrayList<>();
  private DagFixture f;

  static Stream<Arguments> engines() {
    return Stream.of(Arguments.of("memory"), Arguments.of("rocksdb"));
  }

  private MvccKvSource setUp(String kind) {
    engine = kind.equals("memory") ? new MemoryEngine() : RocksEngine.open(RocksEngineOptions.defaults(dir.resolve("db")));
    regions = LocalRegionEngine.singleRegion(engine);
    ctx = regions.contextFor(1, KeyMode.TXN);
    store = new TxnStore(regions, new Latches(64), new LockWaitManager(new DeadlockDetector()));
    f = new DagFixture(77, 400);
    List<Mutation> ms = new ArrayList<>();
    f.write((k, v) -> ms.add(Mutation.put(k, v)));
    commit(ms, 10, COMMIT_TS);
    return new MvccKvSource(snapshot(), READ_TS, io.cairn.storage.mvcc.reader.ReadOptions.DEFAULT);
  }

  /** One transaction: prewrite all mutations, then commit them. */
  private void commit(List<Mutation> ms, long startTs, long commitTs) {
    assertThat(store.prewrite(ctx, PrewriteRequest.optimistic(ms, ms.get(0).key(), startTs, 3000)).errors()).isEmpty();
    assertThat(store.commit(ctx, ms.stream().map(Mutation::key).toList(), startTs, commitTs)).isEmpty();
  }

  /** A snapshot of the engine as of now, closed after the test. */
  private EngineSnapshot snapshot() {
    EngineSnapshot snap = engine.snapshot();
    snapshots.add(snap);
    return snap;
  }

  @AfterEach
  void close() throws Exception {
    snapshots.forEach(EngineSnapshot::close);
    if (engine != null) {
      engine.close();
    }
  }

  private DagRun run(DagRequest dag, MvccKvSource src, long paging) {
    return DagRun.run(DagRun.runner(), dag, DagFixture.tableRanges(), paging, src, null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void scansSeeTheCommittedRowsInBothDirections(String kind) {
    MvccKvSource src = setUp(kind);
    DagRun asc = run(DagFixture.dag(DagFixture.tableScan(false)), src, 0);
    assertThat(asc.rows).hasSize(400);
    for (int i = 0; i < 400; i++) {
      assertThat(asc.rows.get(i)).containsExactly(f.rows.get(i));
    }
    DagRun desc = run(DagFixture.dag(DagFixture.tableScan(true)), src, 0);
    assertThat(desc.rows.get(0)).containsExactly(f.rows.get(399));

    Executor idx = Executor.newBuilder().setIndexScan(IndexScan.newBuilder()
        .setTableId(DagFixture.TABLE).setIndexId(DagFixture.INDEX_A)
        .addColumns(DagFixture.col(2, DagFixture.A, false))
        .addColumns(DagFixture.col(1, DagFixture.ID, true))).build();
    DagRun byIndex = DagRun.run(DagRun.runner(), DagFixture.dag(idx), DagFixture.indexRanges(), 0, src, null);
    assertThat(byIndex.rows).hasSize(400);
    assertThat(byIndex.rows).isSortedAccordingTo(Comparator.comparing((Object[] r) -> (Long) r[0],
        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(r -> (Long) r[1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void selectionProjectionAggregationTopNAndLimitMatchTheModel(String kind) {
    MvccKvSource src = setUp(kind);
    Expr cond = f.eb.call(FuncId.GE, f.column(1), f.eb.intLiteral(2));
    List<Object[]> kept = f.rows.stream().filter(r -> r[1] != null && (Long) r[1] >= 2).toList();

    DagRun agg = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(cond),
        f.aggregation(false, List.of(), f.agg(AggKind.COUNT, f.column(0)), f.agg(AggKind.SUM, f.column(3)),
            f.agg(AggKind.MAX, f.column(1)))), src, 0);
    assertThat(agg.rows).singleElement().satisfies(row -> {
      assertThat(row[0]).isEqualTo((long) kept.size());
      assertThat((BigDecimal) row[1]).isEqualByComparingTo(kept.stream().map(r -> (BigDecimal) r[3])
          .filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add));
      assertThat(row[2]).isEqualTo(kept.stream().map(r -> (Long) r[1]).max(Long::compare).orElseThrow());
    });

    DagRun streamed = DagRun.run(DagRun.runner(), DagFixture.dag(
        Executor.newBuilder().setIndexScan(IndexScan.newBuilder().setTableId(DagFixture.TABLE)
            .setIndexId(DagFixture.INDEX_A).addColumns(DagFixture.col(2, DagFixture.A, false))).build(),
        f.aggregation(true, List.of(f.eb.column(0, DagFixture.A)), f.agg(AggKind.COUNT, f.eb.column(0, DagFixture.A)))),
        DagFixture.indexRanges(), 0, src, null);
    assertThat(streamed.rows).hasSize((int) f.rows.stream().map(r -> r[1]).distinct().count());

    Executor proj = Executor.newBuilder().setProjection(Projection.newBuilder()
        .addExprs(f.codec.toProto(f.eb.call(FuncId.MUL, f.column(1), f.eb.intLiteral(10))))).build();
    Executor topN = Executor.newBuilder().setTopN(TopN.newBuilder().setLimit(5)
        .addOrderBy(ByItem.newBuilder().setExpr(f.codec.toProto(f.eb.column(0, f.eb.call(FuncId.MUL, f.column(1), f.eb.intLiteral(10)).type()))).setDesc(true))).build();
    DagRun top = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(cond), proj, topN), src, 0);
    List<Long> expected = kept.stream().map(r -> (Long) r[1] * 10).sorted(Comparator.reverseOrder()).limit(5).toList();
    assertThat(top.rows.stream().map(r -> r[0]).toList()).isEqualTo(new ArrayList<Object>(expected));

    DagRun limited = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(cond),
        Executor.newBuilder().setLimit(Limit.newBuilder().setLimit(3)).build()), src, 0);
    assertThat(limited.rows.stream().map(r -> r[0]).toList())
        .isEqualTo(kept.stream().limit(3).map(r -> r[0]).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void pagingResumesWhereThePreviousPageStopped(String kind) {
    MvccKvSource src = setUp(kind);
    for (boolean desc : new boolean[] {false, true}) {
      DagRequest dag = DagFixture.dag(DagFixture.tableScan(desc));
      DagRun full = run(dag, src, 0);
      DagRun paged = run(dag, src, 53);
      assertThat(paged.pages).isEqualTo(8);
      assertThat(paged.rows).hasSameSizeAs(full.rows);
      for (int i = 0; i < full.rows.size(); i++) {
        assertThat(paged.rows.get(i)).containsExactly(full.rows.get(i));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void newerCommitsAreInvisibleAndLocksSurface(String kind) {
    MvccKvSource src = setUp(kind);
    byte[] k = TableCodec.recordKey(DagFixture.TABLE, 9);
    Mutation del = Mutation.delete(k);
    commit(List.of(del), 40, 45);
    assertThat(run(DagFixture.dag(DagFixture.tableScan(false)), src, 0).rows).hasSize(400);
    assertThat(run(DagFixture.dag(DagFixture.tableScan(false)),
        new MvccKvSource(snapshot(), 50), 0).rows).hasSize(399);

    byte[] locked = TableCodec.recordKey(DagFixture.TABLE, 300);
    assertThat(store.prewrite(ctx, PrewriteRequest.optimistic(List.of(Mutation.delete(locked)), locked, 25, 3000)).errors()).isEmpty();
    // The source's snapshot predates the lock; a request on a snapshot taken now meets it.
    assertThat(run(DagFixture.dag(DagFixture.tableScan(false)), src, 0).rows).hasSize(400);
    MvccKvSource now = new MvccKvSource(snapshot(), READ_TS);
    assertThatThrownBy(() -> run(DagFixture.dag(DagFixture.tableScan(false)), now, 0))
        .isInstanceOfSatisfying(KeyLockedException.class, e -> {
          assertThat(e.lock().key()).isEqualTo(locked);
          assertThat(e.lock().lockVersion()).isEqualTo(25);
          assertThat(e.lock().lockType()).isEqualTo(1);
        });
  }
}
