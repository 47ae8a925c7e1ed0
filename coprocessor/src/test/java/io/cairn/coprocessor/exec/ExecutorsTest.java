package io.cairn.coprocessor.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.coprocessor.Request;
import io.cairn.proto.coprocessor.Response;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.ByItem;
import io.cairn.proto.dag.ColumnInfo;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.DagResponse;
import io.cairn.proto.dag.Executor;
import io.cairn.proto.dag.IndexScan;
import io.cairn.proto.dag.Limit;
import io.cairn.proto.dag.Projection;
import io.cairn.proto.dag.TopN;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ExecutorsTest {
  private final DagFixture f = new DagFixture(11, 300);
  private final MapKvSource source = new MapKvSource();

  ExecutorsTest() {
    f.write(source::put);
  }

  private DagRun run(DagRequest dag) {
    return DagRun.run(DagRun.runner(), dag, DagFixture.tableRanges(), 0, source, null);
  }

  private static List<Object> col(List<Object[]> rows, int i) {
    return rows.stream().map(r -> r[i]).toList();
  }

  @Test
  void tableScanDecodesEveryColumnAndTheHandleInBothDirections() {
    DagRun asc = run(DagFixture.dag(DagFixture.tableScan(false)));
    assertThat(asc.rows).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(asc.rows.get(i)).containsExactly(f.rows.get(i));
    }
    DagRun desc = run(DagFixture.dag(DagFixture.tableScan(true)));
    assertThat(col(desc.rows, 0)).isEqualTo(col(f.rows, 0).reversed());
  }

  @Test
  void tableScanFillsDefaultsOfColumnsTheRowLacks() {
    ColumnInfo added = DagFixture.col(9, FieldType.bigint(), false).toBuilder()
        .setDefaultValue(ByteString.copyFrom(new byte[] {8, 14})) // VARINT datum 7
        .build();
    Executor scan = Executor.newBuilder().setTableScan(io.cairn.proto.dag.TableScan.newBuilder()
        .setTableId(DagFixture.TABLE).addColumns(DagFixture.col(1, DagFixture.ID, true)).addColumns(added)).build();
    DagRun r = run(DagFixture.dag(scan));
    assertThat(col(r.rows, 1)).hasSize(300).containsOnly(7L);
  }

  @Test
  void indexScanDecodesValuesAndHandlesInKeyOrder() {
    Executor scan = Executor.newBuilder().setIndexScan(IndexScan.newBuilder()
        .setTableId(DagFixture.TABLE).setIndexId(DagFixture.INDEX_A)
        .addColumns(DagFixture.col(2, DagFixture.A, false))
        .addColumns(DagFixture.col(1, DagFixture.ID, true))).build();
    DagRun r = DagRun.run(DagRun.runner(), DagFixture.dag(scan), DagFixture.indexRanges(), 0, source, null);
    List<Object[]> expected = new ArrayList<>(f.rows);
    expected.sort(Comparator.comparing((Object[] x) -> (Long) x[1], Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(x -> (Long) x[0]));
    assertThat(r.rows).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(r.rows.get(i)).containsExactly(expected.get(i)[1], expected.get(i)[0]);
    }
  }

  @Test
  void uniqueIndexScanReadsTheHandleFromTheValue() {
    MapKvSource s = new MapKvSource();
    s.put(TableCodec.indexKey(1, 2, List.of(io.cairn.codec.ColumnType.BYTES), List.of("k".getBytes())),
        new byte[] {0, 0, 0, 0, 0, 0, 1, 2});
    Executor scan = Executor.newBuilder().setIndexScan(IndexScan.newBuilder().setTableId(1).setIndexId(2)
        .setUnique(true)
        .addColumns(DagFixture.col(2, FieldType.varchar(), false))
        .addColumns(DagFixture.col(1, DagFixture.ID, true))).build();
    DagRun r = DagRun.run(DagRun.runner(), DagFixture.dag(scan),
        List.of(TableCodec.indexRange(1, 2)), 0, s, null);
    assertThat(r.rows).singleElement().satisfies(row -> assertThat(row).containsExactly("k", 258L));
  }

  @Test
  void selectionKeepsOnlyTrueRowsAndDropsNulls() {
    Expr cond = f.eb.call(FuncId.GT, f.column(1), f.eb.intLiteral(3));
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(cond)));
    List<Object> expected = f.rows.stream().filter(x -> x[1] != null && (Long) x[1] > 3).map(x -> x[0]).toList();
    assertThat(col(r.rows, 0)).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void selectionComparesStringsByTheColumnsCollation() {
    Expr cond = f.eb.call(FuncId.EQ, f.column(2), f.eb.stringLiteral("apple"));
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(cond)));
    assertThat(col(r.rows, 2)).isNotEmpty().allSatisfy(b -> assertThat(((String) b).strip()).isEqualToIgnoringCase("apple"));
    long expected = f.rows.stream().filter(x -> x[2] != null && ((String) x[2]).strip().equalsIgnoreCase("apple")).count();
    assertThat(r.rows).hasSize((int) expected);
  }

  @Test
  void projectionEvaluatesExpressionsWithMysqlTyping() {
    Expr plus = f.eb.call(FuncId.PLUS, f.column(3), f.eb.intLiteral(1));
    Executor proj = Executor.newBuilder().setProjection(Projection.newBuilder()
        .addExprs(f.codec.toProto(f.column(0))).addExprs(f.codec.toProto(plus))).build();
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), proj));
    for (int i = 0; i < 300; i++) {
      BigDecimal c = (BigDecimal) f.rows.get(i)[3];
      assertThat(r.rows.get(i)[1]).isEqualTo(c == null ? null : c.add(BigDecimal.ONE));
    }
  }

  @Test
  void limitStopsPullingFromTheScan() {
    Executor limit = Executor.newBuilder().setLimit(Limit.newBuilder().setLimit(7)).build();
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), limit));
    assertThat(col(r.rows, 0)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void topNOrdersWithNullsLastWhenDescending() {
    Executor topN = Executor.newBuilder().setTopN(TopN.newBuilder().setLimit(20)
        .addOrderBy(ByItem.newBuilder().setExpr(f.codec.toProto(f.column(3))).setDesc(true))
        .addOrderBy(ByItem.newBuilder().setExpr(f.codec.toProto(f.column(0))))).build();
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), topN));
    List<Object> expected = f.rows.stream()
        .sorted(Comparator.comparing((Object[] x) -> (BigDecimal) x[3], Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder())).reversed()
            .thenComparing(x -> (Long) x[0]))
        .limit(20).map(x -> x[0]).toList();
    assertThat(col(r.rows, 0)).isEqualTo(expected);
  }

  @Test
  void hashAggregationWithoutGroupByMatchesTheModel() {
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), f.aggregation(false, List.of(),
        f.agg(AggKind.COUNT, f.column(3)), f.agg(AggKind.SUM, f.column(1)), f.agg(AggKind.AVG, f.column(3)),
        f.agg(AggKind.MIN, f.column(1)), f.agg(AggKind.MAX, f.column(3)), f.agg(AggKind.FIRST, f.column(2)))));
    assertThat(r.rows).hasSize(1);
    Object[] row = r.rows.get(0);
    List<BigDecimal> cs = f.rows.stream().map(x -> (BigDecimal) x[3]).filter(Objects::nonNull).toList();
    List<Long> as = f.rows.stream().map(x -> (Long) x[1]).filter(Objects::nonNull).toList();
    assertThat(row[0]).isEqualTo((long) cs.size());
    assertThat((BigDecimal) row[1]).isEqualByComparingTo(BigDecimal.valueOf(as.stream().mapToLong(Long::longValue).sum()));
    assertThat((BigDecimal) row[2]).isEqualByComparingTo(cs.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(row[3]).isEqualTo((long) cs.size());
    assertThat(row[4]).isEqualTo(as.stream().min(Long::compare).orElseThrow());
    assertThat((BigDecimal) row[5]).isEqualByComparingTo(cs.stream().max(BigDecimal::compareTo).orElseThrow());
    assertThat(row[6]).isEqualTo(f.rows.get(0)[2]);
    List<FieldType> types = r.tail.getOutputTypesList().stream().map(DagCodec::fromProto).toList();
    assertThat(types.get(1).evalType()).as("SUM of BIGINT is DECIMAL")
        .isEqualTo(io.cairn.coprocessor.expr.types.EvalType.DECIMAL);
  }

  @Test
  void aggregationWithoutGroupByOverNoRowsYieldsOneRow() {
    Expr never = f.eb.call(FuncId.LT, f.column(0), f.eb.intLiteral(0));
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(never), f.aggregation(false, List.of(),
        f.agg(AggKind.COUNT, f.column(1)), f.agg(AggKind.SUM, f.column(1)), f.agg(AggKind.MAX, f.column(2)))));
    assertThat(r.rows).singleElement().satisfies(row -> assertThat(row).containsExactly(0L, null, null));
    Expr never2 = f.eb.call(FuncId.LT, f.column(0), f.eb.intLiteral(0));
    DagRun s = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(never2),
        f.aggregation(true, List.of(), f.agg(AggKind.COUNT, f.column(1)))));
    assertThat(s.rows).singleElement().satisfies(row -> assertThat(row).containsExactly(0L));
    DagRun g = run(DagFixture.dag(DagFixture.tableScan(false), f.selection(never2),
        f.aggregation(false, List.of(f.column(1)), f.agg(AggKind.COUNT, f.column(1)))));
    assertThat(g.rows).isEmpty();
  }

  @Test
  void hashAggregationGroupsStringsByCollation() {
    DagRun r = run(DagFixture.dag(DagFixture.tableScan(false), f.aggregation(false, List.of(f.column(2)),
        f.agg(AggKind.COUNT, f.column(0)), f.agg(AggKind.SUM, f.column(3)))));
    Map<String, long[]> model = new HashMap<>();
    Map<String, BigDecimal> sums = new HashMap<>();
    for (Object[] x : f.rows) {
      String k = x[2] == null ? "<null>" : ((String) x[2]).strip().toUpperCase();
      model.computeIfAbsent(k, kk -> new long[1])[0]++;
      if (x[3] != null) {
        sums.merge(k, (BigDecimal) x[3], BigDecimal::add);
      }
    }
    assertThat(r.rows).hasSize(model.size());
    for (Object[] row : r.rows) {
      String k = row[2] == null ? "<null>" : ((String) row[2]).strip().toUpperCase();
      assertThat(row[0]).as("count of %s", k).isEqualTo(model.get(k)[0]);
      BigDecimal sum = (BigDecimal) row[1];
      if (sums.containsKey(k)) {
        assertThat(sum).isEqualByComparingTo(sums.get(k));
      } else {
        assertThat(sum).isNull();
      }
    }
  }

  @Test
  void streamAggregationOverAnIndexEqualsHashAggregation() {
    Executor scan = Executor.newBuilder().setIndexScan(IndexScan.newBuilder()
        .setTableId(DagFixture.TABLE).setIndexId(DagFixture.INDEX_A)
        .addColumns(DagFixture.col(2, DagFixture.A, false))
        .addColumns(DagFixture.col(1, DagFixture.ID, true))).build();
    Expr a = f.eb.column(0, DagFixture.A);
    Expr id = f.eb.column(1, FieldType.bigint());
    List<Object[]> results = new ArrayList<>();
    for (boolean streamed : new boolean[] {true, false}) {
      DagRun r = DagRun.run(DagRun.runner(), DagFixture.dag(scan, f.aggregation(streamed, List.of(a),
          f.agg(AggKind.COUNT, id), f.agg(AggKind.AVG, id), f.agg(AggKind.MAX, id))), DagFixture.indexRanges(), 0, source, null);
      r.rows.sort(Comparator.comparing((Object[] x) -> (Long) x[4], Comparator.nullsFirst(Comparator.naturalOrder())));
      results.addAll(r.rows);
      assertThat(r.tail.getSummaries(1).getExecutor()).isEqualTo(streamed ? "StreamAgg" : "HashAgg");
    }
    int half = results.size() / 2;
    for (int i = 0; i < half; i++) {
      assertThat(results.get(i)).containsExactly(results.get(half + i));
    }
    long groups = f.rows.stream().map(x -> x[1]).distinct().count();
    assertThat(half).isEqualTo((int) groups);
  }

  @Test
  void partialResultsOfTwoRangesMergeIntoTheFinalValues() {
    DagRequest dag = DagFixture.dag(DagFixture.tableScan(false), f.aggregation(false, List.of(f.column(1)),
        f.agg(AggKind.COUNT, f.column(3)), f.agg(AggKind.AVG, f.column(3)), f.agg(AggKind.MIN, f.column(2))));
    List<Object[]> partial = new ArrayList<>();
    partial.addAll(DagRun.run(DagRun.runner(), dag, List.of(TableCodec.handleRange(DagFixture.TABLE, 1, 150)), 0, source, null).rows);
    DagRun second = DagRun.run(DagRun.runner(), dag, List.of(TableCodec.handleRange(DagFixture.TABLE, 151, 301)), 0, source, null);
    partial.addAll(second.rows);
    List<FieldType> types = second.tail.getOutputTypesList().stream().map(DagCodec::fromProto).toList();

    AggFunctions aggs = new AggFunctions();
    ExecContext ctx = new ExecContext(EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC()),
        new ValueBridge(ZoneOffset.UTC), Clock.systemUTC(), null, Long.MAX_VALUE);
    AggregationExecutor merge = new AggregationExecutor(new RowsExecutor(types, partial),
        List.of(f.eb.column(4, types.get(4))),
        List.of(aggs.merge(AggFunctions.Kind.COUNT, 0, types.subList(0, 1)),
            aggs.merge(AggFunctions.Kind.AVG, 1, types.subList(1, 3)),
            aggs.merge(AggFunctions.Kind.MIN, 3, types.subList(3, 4))),
        false, ctx);
    Map<Long, Object[]> finals = new HashMap<>();
    for (io.cairn.coprocessor.exec.Chunk c = merge.next(); c != null; c = merge.next()) {
      for (int i = 0; i < c.size(); i++) {
        finals.put((Long) c.row(i)[3], c.row(i));
      }
    }
    Map<Long, List<Object[]>> groups = new HashMap<>();
    for (Object[] x : f.rows) {
      groups.computeIfAbsent((Long) x[1], k -> new ArrayList<>()).add(x);
    }
    assertThat(finals.keySet()).isEqualTo(groups.keySet());
    groups.forEach((a, rows) -> {
      List<BigDecimal> cs = rows.stream().map(x -> (BigDecimal) x[3]).filter(Objects::nonNull).toList();
      Object[] fin = finals.get(a);
      assertThat(fin[0]).isEqualTo((long) cs.size());
      if (cs.isEmpty()) {
        assertThat(fin[1]).isNull();
      } else {
        BigDecimal avg = cs.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
            .divide(BigDecimal.valueOf(cs.size()), 6, java.math.RoundingMode.HALF_UP);
        assertThat(((BigDecimal) fin[1]).scale()).as("AVG scale is the column's + 4").isEqualTo(6);
        assertThat((BigDecimal) fin[1]).isEqualByComparingTo(avg);
      }
      String min = rows.stream().map(x -> (String) x[2]).filter(Objects::nonNull)
          .min(Comparator.comparing(s -> s.strip().toUpperCase())).orElse(null);
      if (min == null) {
        assertThat(fin[2]).isNull();
      } else {
        assertThat(((String) fin[2]).strip()).isEqualToIgnoringCase(min.strip());
      }
    });
  }

  @Test
  void envelopeReportsLocksAndRejectsOtherRequestTypes() {
    source.locked.add(TableCodec.recordKey(DagFixture.TABLE, 5));
    Request req = Request.newBuilder().setTp(DagRunner.TP_CAIRN_DAG)
        .setData(DagFixture.dag(DagFixture.tableScan(false)).toByteString())
        .addRanges(io.cairn.proto.coprocessor.KeyRange.newBuilder()
            .setStart(ByteString.copyFrom(TableCodec.recordRange(DagFixture.TABLE).start()))
            .setEnd(ByteString.copyFrom(TableCodec.recordRange(DagFixture.TABLE).end())))
        .build();
    Response locked = DagRun.runner().handle(req, source, null);
    assertThat(locked.hasLocked()).isTrue();
    assertThat(locked.getLocked().getKey().toByteArray()).isEqualTo(TableCodec.recordKey(DagFixture.TABLE, 5));
    assertThat(locked.getLocked().getLockVersion()).isEqualTo(7);

    source.locked.clear();
    Response ok = DagRun.runner().handle(req, source, null);
    assertThat(ok.getOtherError()).isEmpty();
    assertThat(DagResponseRows.count(ok)).isEqualTo(300);

    Response other = DagRun.runner().handle(req.toBuilder().setTp(103).build(), source, null);
    assertThat(other.getOtherError()).contains("unsupported coprocessor request type 103");
    Response bad = DagRun.runner().handle(req.toBuilder()
        .setData(DagFixture.dag(f.selection(f.column(0))).toByteString()).build(), source, null);
    assertThat(bad.getOtherError()).contains("BAD_REQUEST").contains("must be a scan");
  }

  @Test
  void deadlineStopsALongScan() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Clock ticking = new Clock() {
      long calls;

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return start.plusSeconds(calls++);
      }
    };
    MapKvSource big = new MapKvSource();
    new DagFixture(3, 5000).write(big::put);
    DagRunner runner = new DagRunner(ticking, RunLimits.UNLIMITED);
    assertThatThrownBy(() -> DagRun.run(runner, DagFixture.dag(DagFixture.tableScan(false)),
            DagFixture.tableRanges(), 0, big, start.plusSeconds(2)))
        .isInstanceOf(CoprocessorException.class)
        .hasMessageContaining("DEADLINE_EXCEEDED");
  }

  @Test
  void rowAndMemoryLimitsFailClearlyAndPagingStaysWithinThem() {
    DagRunner tight = new DagRunner(Clock.systemUTC(), new RunLimits(50, Long.MAX_VALUE));
    assertThatThrownBy(() -> DagRun.run(tight, DagFixture.dag(DagFixture.tableScan(false)),
            DagFixture.tableRanges(), 0, source, null))
        .isInstanceOf(CoprocessorException.class)
        .hasMessageContaining("ROW_LIMIT_EXCEEDED").hasMessageContaining("page the request");
    DagRun paged = DagRun.run(tight, DagFixture.dag(DagFixture.tableScan(false)), DagFixture.tableRanges(), 50, source, null);
    assertThat(paged.rows).hasSize(300);
    assertThat(paged.pages).isEqualTo(7);

    DagRunner small = new DagRunner(Clock.systemUTC(), new RunLimits(Long.MAX_VALUE, 20_000));
    assertThatThrownBy(() -> DagRun.run(small, DagFixture.dag(DagFixture.tableScan(false),
            f.aggregation(false, List.of(f.column(0)), f.agg(AggKind.COUNT, f.column(1)))),
            DagFixture.tableRanges(), 0, source, null))
        .isInstanceOf(CoprocessorException.class)
        .hasMessageContaining("MEMORY_LIMIT_EXCEEDED");
  }

  /** Rows given up front, as the root's merge input. */
  static final class RowsExecutor implements io.cairn.coprocessor.exec.Executor {
    private final List<FieldType> schema;
    private final List<Object[]> rows;
    private boolean done;

    RowsExecutor(List<FieldType> schema, List<Object[]> rows) {
      this.schema = schema;
      this.rows = rows;
    }

    @Override
    public List<FieldType> schema() {
      return schema;
    }

    @Override
    public io.cairn.coprocessor.exec.Chunk next() {
      if (done || rows.isEmpty()) {
        return null;
      }
      done = true;
      io.cairn.coprocessor.exec.Chunk c = new io.cairn.coprocessor.exec.Chunk(rows.size());
      rows.forEach(c::add);
      return c;
    }

    @Override
    public String name() {
      return "Rows";
    }

    @Override
    public void close() {}
  }
}
