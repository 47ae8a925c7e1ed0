package io.cairn.coprocessor.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.ColumnRef;
import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.FieldType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MySQL's aggregate typing and values, partial and merged. */
class AggFunctionsTest {
  private final AggFunctions aggs = new AggFunctions();
  private final EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());

  private Object[] aggregate(AggFunction f, Object... values) {
    AggFunction.State s = f.newState();
    for (Object v : values) {
      s.update(Row.of(v), ctx);
    }
    Object[] out = new Object[f.outputTypes().size()];
    s.emit(out, 0, ctx);
    return out;
  }

  @Test
  void typesFollowMysql() {
    assertThat(AggFunctions.sumType(FieldType.bigint())).isEqualTo(FieldType.decimal(41, 0));
    assertThat(AggFunctions.sumType(FieldType.decimal(10, 2))).isEqualTo(FieldType.decimal(31, 2));
    assertThat(AggFunctions.sumType(FieldType.doubleType()).evalType()).isEqualTo(FieldType.doubleType().evalType());
    assertThat(AggFunctions.sumType(FieldType.varchar()).evalType()).isEqualTo(FieldType.doubleType().evalType());
    assertThat(aggs.avgType(FieldType.decimal(10, 2)).decimal()).isEqualTo(6);
    assertThat(aggs.avgType(FieldType.bigint()).decimal()).isEqualTo(4);
    assertThat(new AggFunctions(2).avgType(FieldType.bigint()).decimal()).isEqualTo(2);
    assertThat(aggs.resultType(AggFunctions.Kind.COUNT, FieldType.varchar())).isEqualTo(AggFunctions.countType());
  }

  @Test
  void sumOfUnsignedIntegersIsExactAndAvgRoundsAtItsScale() {
    ColumnRef u = new ColumnRef(0, FieldType.unsignedBigint(), "u");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.SUM, u), -1L, -1L, null)[0])
        .isEqualTo(new BigDecimal("36893488147419103230"));
    ColumnRef i = new ColumnRef(0, FieldType.bigint(), "i");
    Object[] partial = aggregate(aggs.partial(AggFunctions.Kind.AVG, i), 1L, 2L, 2L, null);
    assertThat(partial).containsExactly(new BigDecimal("5"), 3L);
    AggFunction merge = aggs.merge(AggFunctions.Kind.AVG, 0, aggs.partial(AggFunctions.Kind.AVG, i).outputTypes());
    AggFunction.State s = merge.newState();
    s.update(Row.of(partial), ctx);
    s.update(Row.of(null, 0L), ctx);
    Object[] out = new Object[1];
    s.emit(out, 0, ctx);
    assertThat(out[0]).isEqualTo(new BigDecimal("1.6667"));
    assertThat(merge.outputTypes()).containsExactly(aggs.avgType(FieldType.bigint()));
  }

  @Test
  void nullsAreSkippedAndEmptyInputGivesZeroCountAndNullOthers() {
    ColumnRef i = new ColumnRef(0, FieldType.bigint(), "i");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.COUNT, i), null, 3L, null)).containsExactly(1L);
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.COUNT, i))).containsExactly(0L);
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.SUM, i), (Object) null)).containsExactly((Object) null);
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.AVG, i))).containsExactly(null, 0L);
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MAX, i), null, null)).containsExactly((Object) null);
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.FIRST, i), null, 4L)).containsExactly((Object) null);
    AggFunction countMerge = aggs.merge(AggFunctions.Kind.COUNT, 0, List.of(AggFunctions.countType()));
    assertThat(aggregate(countMerge, 2L, 5L)).containsExactly(7L);
    assertThat(aggregate(countMerge)).containsExactly(0L);
  }

  @Test
  void minAndMaxCompareByCollationAndSignedness() {
    ColumnRef ci = new ColumnRef(0, FieldType.varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.IMPLICIT), "s");
    ColumnRef bin = new ColumnRef(0, FieldType.varchar(Collation.UTF8MB4_BIN, Coercibility.IMPLICIT), "s");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MAX, ci), "a", "B", "b")).containsExactly("B");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MAX, bin), "a", "B", "b")).containsExactly("b");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MIN, bin), "a", "B", "b")).containsExactly("B");
    ColumnRef u = new ColumnRef(0, FieldType.unsignedBigint(), "u");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MAX, u), 1L, -1L, 5L)).containsExactly(-1L);
    ColumnRef i = new ColumnRef(0, FieldType.bigint(), "i");
    assertThat(aggregate(aggs.partial(AggFunctions.Kind.MAX, i), 1L, -1L, 5L)).containsExactly(5L);
  }
}
