package io.cairn.coprocessor.exec;

import io.cairn.codec.ColumnType;
import io.cairn.codec.KeyRange;
import io.cairn.codec.RowCodec;
import io.cairn.codec.TableCodec;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.proto.dag.AggFunc;
import io.cairn.proto.dag.AggKind;
import io.cairn.proto.dag.Aggregation;
import io.cairn.proto.dag.ColumnInfo;
import io.cairn.proto.dag.DagRequest;
import io.cairn.proto.dag.Executor;
import io.cairn.proto.dag.Selection;
import io.cairn.proto.dag.TableScan;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Table 42 (id BIGINT handle, a BIGINT NULL, b VARCHAR utf8mb4_general_ci NULL, c DECIMAL(10,2)
 * NULL) with index 1 non-unique on (a), its rows as a model, and DAG-building helpers. Shared by
 * the coprocessor tests and the storage node's tests over real engines.
 */
public final class DagFixture {
  public static final long TABLE = 42;
  public static final long INDEX_A = 1;
  public static final FieldType ID = FieldType.bigint().withFlags(FieldType.NOT_NULL_FLAG);
  public static final FieldType A = FieldType.bigint();
  public static final FieldType B = FieldType.varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.IMPLICIT);
  public static final FieldType C = FieldType.decimal(10, 2);
  public static final List<FieldType> SCHEMA = List.of(ID, A, B, C);
  private static final ColumnType[] STORED = {ColumnType.INT64, ColumnType.BYTES, ColumnType.decimal(10, 2)};
  private static final String[] WORDS = {"apple", "Apple", "banana", "cherry", "APPLE ", "date"};

  public final ExprBuilder eb = new ExprBuilder();
  public final DagCodec codec = new DagCodec(eb);
  /** Rows as evaluator values: id, a, b, c. */
  public final List<Object[]> rows = new ArrayList<>();

  /** {@code n} rows with handles 1..n, seeded random values with about 1 in 8 NULL. */
  public DagFixture(long seed, int n) {
    Random r = new Random(seed);
    for (long id = 1; id <= n; id++) {
      Long a = r.nextInt(8) == 0 ? null : (long) r.nextInt(20) - 5;
      String b = r.nextInt(8) == 0 ? null : WORDS[r.nextInt(WORDS.length)];
      BigDecimal c = r.nextInt(8) == 0 ? null : BigDecimal.valueOf(r.nextInt(100000) - 20000, 2);
      rows.add(new Object[] {id, a, b, c});
    }
  }

  /** Writes each record and index entry through {@code put(key, value)}. */
  public void write(BiConsumer<byte[], byte[]> put) {
    for (Object[] row : rows) {
      long id = (Long) row[0];
      String b = (String) row[2];
      put.accept(TableCodec.recordKey(TABLE, id), RowCodec.encode(new long[] {2, 3, 4}, STORED,
          new Object[] {row[1], b == null ? null : b.getBytes(StandardCharsets.UTF_8), row[3]}));
      put.accept(TableCodec.nonUniqueIndexKey(TABLE, INDEX_A, List.of(ColumnType.INT64),
          java.util.Arrays.asList(row[1]), id), new byte[0]);
    }
  }

  public static List<KeyRange> tableRanges() {
    return List.of(TableCodec.recordRange(TABLE));
  }

  public static List<KeyRange> indexRanges() {
    return List.of(TableCodec.indexRange(TABLE, INDEX_A));
  }

  public static ColumnInfo col(long id, FieldType t, boolean handle) {
    return ColumnInfo.newBuilder().setColumnId(id).setFieldType(DagCodec.toProto(t)).setPkHandle(handle).build();
  }

  public static Executor tableScan(boolean desc) {
    return Executor.newBuilder().setTableScan(TableScan.newBuilder()
        .setTableId(TABLE)
        .addColumns(col(1, ID, true))
        .addColumns(col(2, A, false))
        .addColumns(col(3, B, false))
        .addColumns(col(4, C, false))
        .setDesc(desc)).build();
  }

  public Expr column(int i) {
    return eb.column(i, SCHEMA.get(i));
  }

  public Executor selection(Expr... conds) {
    Selection.Builder s = Selection.newBuilder();
    for (Expr c : conds) {
      s.addConditions(codec.toProto(c));
    }
    return Executor.newBuilder().setSelection(s).build();
  }

  public AggFunc agg(AggKind kind, Expr arg) {
    return AggFunc.newBuilder().setKind(kind).addArgs(codec.toProto(arg)).build();
  }

  public Executor aggregation(boolean streamed, List<Expr> groupBy, AggFunc... fs) {
    Aggregation.Builder a = Aggregation.newBuilder().setStreamed(streamed);
    groupBy.forEach(g -> a.addGroupBy(codec.toProto(g)));
    for (AggFunc f : fs) {
      a.addAggFuncs(f);
    }
    return Executor.newBuilder().setAggregation(a).build();
  }

  public static DagRequest dag(Executor... executors) {
    return DagRequest.newBuilder().addAllExecutors(List.of(executors)).setTimeZone("UTC").build();
  }
}
