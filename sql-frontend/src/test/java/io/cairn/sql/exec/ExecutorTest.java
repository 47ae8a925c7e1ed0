package io.cairn.sql.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Executors on their own, over literal rows. */
class ExecutorTest {
  private static final FieldType INT = FieldType.bigint();
  private final EvalContext ctx = EvalContext.forSelect(ZoneOffset.UTC, Clock.systemUTC());

  private static List<String> rows(ExecNode n, EvalContext ctx) {
    List<String> out = new ArrayList<>();
    try (Executor e = n.open(ctx)) {
      for (Object[] r : Rows.drain(e)) {
        out.add(Arrays.toString(r));
      }
    }
    return out;
  }

  @Test
  void sortPutsNullsFirstAscendingAndLastDescending() {
    ValuesNode v = new ValuesNode(List.of(INT), List.of(new Object[] {2L}, new Object[] {null}, new Object[] {1L}));
    assertThat(rows(new SortNode(v, new int[] {0}, new boolean[] {false}, 0, -1), ctx))
        .containsExactly("[null]", "[1]", "[2]");
    assertThat(rows(new SortNode(v, new int[] {0}, new boolean[] {true}, 0, -1), ctx))
        .containsExactly("[2]", "[1]", "[null]");
  }

  @Test
  void limitWithoutKeysStreamsAcrossBatches() {
    List<Object[]> many = new ArrayList<>();
    for (long i = 0; i < 3000; i++) {
      many.add(new Object[] {i});
    }
    ValuesNode v = new ValuesNode(List.of(INT), many);
    List<String> out = rows(new SortNode(v, new int[0], new boolean[0], 1020, 10), ctx);
    assertThat(out).hasSize(10).first().isEqualTo("[1020]");
  }

  @Test
  void stringSortUsesTheCollation() {
    FieldType s = FieldType.varchar();
    ValuesNode v = new ValuesNode(List.of(s), List.of(new Object[] {"b"}, new Object[] {"B"}, new Object[] {"a"}));
    assertThat(rows(new SortNode(v, new int[] {0}, new boolean[] {false}, 0, -1), ctx))
        .containsExactly("[a]", "[b]", "[B]");
  }

  @Test
  void aggregatesWithoutGroupsGiveOneRowOnEmptyInput() {
    ValuesNode empty = new ValuesNode(List.of(INT), List.of());
    HashAggNode agg = new HashAggNode(empty, new int[0], List.of(
        new AggCall(AggKind.COUNT, new int[0], false, AggCall.resultType(AggKind.COUNT, List.of())),
        new AggCall(AggKind.SUM, new int[] {0}, false, AggCall.resultType(AggKind.SUM, List.of(INT))),
        new AggCall(AggKind.SUM0, new int[] {0}, false, AggCall.resultType(AggKind.SUM0, List.of(INT)))));
    assertThat(rows(agg, ctx)).containsExactly("[0, null, 0]");
    assertThat(rows(new HashAggNode(empty, new int[] {0}, List.of()), ctx)).isEmpty();
  }

  @Test
  void avgOfIntegersIsDecimalWithFourMoreDigits() {
    ValuesNode v = new ValuesNode(List.of(INT), List.of(new Object[] {1L}, new Object[] {2L}));
    AggCall avg = new AggCall(AggKind.AVG, new int[] {0}, false, AggCall.resultType(AggKind.AVG, List.of(INT)));
    assertThat(avg.type().decimal()).isEqualTo(4);
    try (Executor e = new HashAggNode(v, new int[0], List.of(avg)).open(ctx)) {
      Object value = Rows.drain(e).get(0)[0];
      assertThat((BigDecimal) value).isEqualByComparingTo("1.5");
    }
  }

  @Test
  void hashKeysFoldCaseAndTrailingSpacesForGeneralCi() {
    FieldType s = FieldType.varchar();
    assertThat(Rows.hashKey("Abc  ", s)).isEqualTo(Rows.hashKey("aBC", s));
    assertThat(Rows.hashKey(new BigDecimal("1.50"), FieldType.decimal(3, 2)))
        .isEqualTo(Rows.hashKey(new BigDecimal("1.5"), FieldType.decimal(3, 1)));
  }
}
