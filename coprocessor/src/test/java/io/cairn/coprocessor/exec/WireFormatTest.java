package io.cairn.coprocessor.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.codec.ByteWriter;
import io.cairn.codec.ColumnType;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.proto.dag.ScalarFunc;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value bridge, result chunks and expression trees across the wire. */
class WireFormatTest {
  private final ExprBuilder eb = new ExprBuilder();
  private final DagCodec codec = new DagCodec(eb);

  @Test
  void bridgeConvertsEveryCodecKindAndShowsTimestampsInTheSessionZone() {
    ValueBridge b = new ValueBridge(ZoneId.of("+08:00"));
    assertThat(b.toEval("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), FieldType.varchar())).isEqualTo("héllo");
    assertThat(b.toEval(io.cairn.codec.MysqlTime.date(2024, 2, 29), FieldType.date()))
        .isEqualTo(MysqlTime.date(2024, 2, 29));
    Object ts = b.toEval(io.cairn.codec.MysqlTime.timestamp(2024, 1, 1, 20, 0, 0, 5, 6), FieldType.timestamp(6));
    assertThat(ts.toString()).isEqualTo("2024-01-02 04:00:00.000005");
    assertThat(b.toCodec(ts, FieldType.timestamp(6)))
        .isEqualTo(io.cairn.codec.MysqlTime.timestamp(2024, 1, 1, 20, 0, 0, 5, 6));
    Object zero = b.toEval(io.cairn.codec.MysqlTime.zero(io.cairn.codec.MysqlTime.Type.TIMESTAMP, 0), FieldType.timestamp(0));
    assertThat(((MysqlTime) zero).isZero()).isTrue();
    assertThat(b.toEval(Duration.ofSeconds(-3661, 500_000_000), FieldType.time(1)))
        .isEqualTo(new MysqlDuration(-3_660_500_000L, 1));
    assertThat(b.toCodec(new MysqlDuration(-3_660_500_000L, 1), FieldType.time(1)))
        .isEqualTo(Duration.ofNanos(-3_660_500_000_000L));
    assertThat(ValueBridge.columnType(FieldType.unsignedBigint())).isEqualTo(ColumnType.UINT64);
    assertThat(ValueBridge.columnType(FieldType.decimal(10, 2))).isEqualTo(ColumnType.decimal(10, 2));
    assertThatThrownBy(() -> ValueBridge.columnType(FieldType.nullType())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunkRowsRoundTrip() {
    ChunkCodec c = new ChunkCodec(new ValueBridge(ZoneId.of("UTC")));
    List<FieldType> types = List.of(FieldType.bigint(), FieldType.unsignedBigint(), FieldType.doubleType(),
        FieldType.decimal(20, 3), FieldType.varchar(), FieldType.datetime(3), FieldType.time(0));
    Object[] row = {-5L, -1L, 2.5, new BigDecimal("-123.450"), "x y", MysqlTime.datetime(2020, 1, 2, 3, 4, 5, 6000, 3),
        new MysqlDuration(-1_000_000L, 0)};
    Object[] nulls = new Object[7];
    ByteWriter w = new ByteWriter();
    int[] all = {0, 1, 2, 3, 4, 5, 6};
    c.encodeRow(w, row, all, types);
    c.encodeRow(w, nulls, all, types);
    List<Object[]> back = c.decode(w.toByteArray(), 2, types);
    assertThat(back.get(0)).containsExactly(row);
    assertThat(back.get(1)).containsOnlyNulls();
  }

  @Test
  void expressionsSurviveTheWire() {
    Expr e = eb.call(FuncId.AND,
        eb.call(FuncId.LIKE, eb.column(1, FieldType.varchar(Collation.UTF8MB4_BIN, io.cairn.coprocessor.expr.types.Coercibility.IMPLICIT)),
            eb.stringLiteral("a%"), eb.stringLiteral("\\")),
        eb.call(FuncId.GT, eb.call(FuncId.DIVIDE, eb.column(0, FieldType.bigint()), eb.decimalLiteral(new BigDecimal("2.5"))),
            eb.doubleLiteral(1.5)));
    Expr back = codec.fromProto(codec.toProto(e), List.of(FieldType.bigint(), FieldType.varchar()));
    assertThat(back).isEqualTo(e);
    assertThat(back.sql()).isEqualTo(e.sql());
    var ctx = io.cairn.coprocessor.expr.EvalContext.forSelect(ZoneId.of("UTC"), java.time.Clock.systemUTC());
    assertThat(back.eval(io.cairn.coprocessor.expr.Row.of(10L, "abc"), ctx)).isEqualTo(1L);
  }

  @Test
  void malformedExpressionsAreBadRequests() {
    var unknown = io.cairn.proto.dag.Expr.newBuilder().setFieldType(DagCodec.toProto(FieldType.bigint()))
        .setFunc(ScalarFunc.newBuilder().setFuncId("NO_SUCH")).build();
    assertThatThrownBy(() -> codec.fromProto(unknown, List.of()))
        .isInstanceOfSatisfying(CoprocessorException.class,
            e -> assertThat(e.kind()).isEqualTo(CoprocessorException.Kind.BAD_REQUEST))
        .hasMessageContaining("NO_SUCH");
    var outOfRange = codec.toProto(eb.column(3, FieldType.bigint()));
    assertThatThrownBy(() -> codec.fromProto(outOfRange, Arrays.asList(FieldType.bigint())))
        .hasMessageContaining("column index 3");
  }
}
