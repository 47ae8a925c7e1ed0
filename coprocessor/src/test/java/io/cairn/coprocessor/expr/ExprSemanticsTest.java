package io.cairn.coprocessor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.coprocessor.expr.types.Coercibility;
import io.cairn.coprocessor.expr.types.Collation;
import io.cairn.coprocessor.expr.types.EvalType;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.types.MysqlType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.MysqlTime;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Column types, collations, sql_mode and time zone effects, result types, and plain-data rebuilds. */
class ExprSemanticsTest {
  private final ExprBuilder b = new ExprBuilder();

  private static EvalContext ctx(Set<SqlMode> mode, boolean writesRows, ZoneId zone) {
    return new EvalContext(mode, writesRows, zone, Clock.fixed(ExprTesting.NOW, ZoneOffset.UTC));
  }

  private Object eval(String sql, List<FieldType> schema, Row row, EvalContext ctx) {
    return ExprParser.parse(b, schema, ctx, sql).eval(row, ctx);
  }

  private static final List<FieldType> UNSIGNED_COL = List.of(FieldType.unsignedBigint());

  /** Replayed on MariaDB 10.11 against a BIGINT UNSIGNED column holding 2^64-1: all agree. */
  @ParameterizedTest(name = "{0} with c0 = 2^64-1 -> {1}")
  @CsvSource(delimiter = '|', value = {
    "c0 > -1 | 1",
    "c0 = -1 | 0",
    "c0 > 9223372036854775807 | 1",
    "c0 = 18446744073709551615 | 1",
    "c0 - 1 | 18446744073709551614",
    "c0 DIV 2 | 9223372036854775807",
    "c0 % 10 | 5",
    "c0 + 0.5 | 18446744073709551615.5",
    "CAST(c0 AS SIGNED) | -1",
    "c0 IN (-1, 18446744073709551615) | 1",
    "GREATEST(c0, 1) | 18446744073709551615",
    "ABS(c0) | 18446744073709551615",
  })
  void unsignedColumn(String sql, String expected) {
    EvalContext c = ExprTesting.selectContext();
    Expr e = ExprParser.parse(b, UNSIGNED_COL, c, sql);
    Object v = e.eval(Row.of(-1L), c);
    assertThat(Convert.toStr(v, e.type())).isEqualTo(expected);
  }

  @Test
  void overflowErrorQuotesTheExpression() {
    EvalContext c = ExprTesting.selectContext();
    assertThatThrownBy(() -> eval("c0 + 1", UNSIGNED_COL, Row.of(-1L), c))
        .isInstanceOfSatisfying(EvalException.class, ex -> {
          assertThat(ex.errno()).isEqualTo(1690);
          assertThat(ex.sqlState()).isEqualTo("22003");
          assertThat(ex.getMessage()).isEqualTo("BIGINT UNSIGNED value is out of range in '(`c0` + 1)'");
        });
    assertThatThrownBy(() -> eval("9223372036854775807 + 1", List.of(), Row.of(), c))
        .hasMessage("BIGINT value is out of range in '(9223372036854775807 + 1)'");
  }

  /** Replayed on MariaDB 10.11 with a VARCHAR COLLATE utf8mb4_bin and a utf8mb4_general_ci column. */
  @Test
  void columnCollationBeatsLiteralAndExplicitBeatsColumn() {
    List<FieldType> schema = List.of(
        FieldType.varchar(Collation.UTF8MB4_BIN, Coercibility.IMPLICIT),
        FieldType.varchar(Collation.UTF8MB4_GENERAL_CI, Coercibility.IMPLICIT));
    Row row = Row.of("abc", "ABC");
    EvalContext c = ExprTesting.selectContext();
    assertThat(eval("c0 = 'ABC'", schema, row, c)).isEqualTo(0L);
    assertThat(eval("c1 = 'abc'", schema, row, c)).isEqualTo(1L);
    assertThat(eval("c0 = 'ABC' COLLATE utf8mb4_general_ci", schema, row, c)).isEqualTo(1L);
    assertThat(eval("c0 LIKE 'A%'", schema, row, c)).isEqualTo(0L);
    assertThat(eval("LOCATE('B', c1)", schema, row, c)).isEqualTo(2L);
    assertThat(eval("LOCATE('B', c0)", schema, row, c)).isEqualTo(0L);
    // two implicit collations of one character set: the _bin one wins (checked on MariaDB 10.11)
    assertThat(eval("c0 = c1", schema, row, c)).isEqualTo(0L);
    assertThat(eval("c1 = c0", schema, row, c)).isEqualTo(0L);
  }

  @Test
  void strictRowWritingStatementsTurnTruncationAndDivisionByZeroIntoErrors() {
    EvalContext dml = ctx(EvalContext.MYSQL8_DEFAULT_MODE, true, ZoneOffset.UTC);
    assertThatThrownBy(() -> eval("CAST('12abc' AS SIGNED)", List.of(), Row.of(), dml))
        .isInstanceOfSatisfying(EvalException.class, ex -> assertThat(ex.errno()).isEqualTo(1292))
        .hasMessage("Truncated incorrect INTEGER value: '12abc'");
    assertThatThrownBy(() -> eval("1 / 0", List.of(), Row.of(), dml))
        .isInstanceOfSatisfying(EvalException.class, ex -> assertThat(ex.errno()).isEqualTo(1365));

    EvalContext lax = ctx(EnumSet.of(SqlMode.ERROR_FOR_DIVISION_BY_ZERO), true, ZoneOffset.UTC);
    assertThat(eval("CAST('12abc' AS SIGNED)", List.of(), Row.of(), lax)).isEqualTo(12L);
    assertThat(lax.warnings()).extracting(Warning::code).containsExactly(1292);

    EvalContext noDivFlag = ctx(EnumSet.of(SqlMode.STRICT_TRANS_TABLES), true, ZoneOffset.UTC);
    assertThat(eval("1 / 0", List.of(), Row.of(), noDivFlag)).isNull();
    assertThat(eval("5 % 0", List.of(), Row.of(), noDivFlag)).isNull();
    assertThat(noDivFlag.warnings()).isEmpty();
  }

  @Test
  void warningsCarryMysqlMessages() {
    EvalContext c = ExprTesting.selectContext();
    eval("'12abc' + 1", List.of(), Row.of(), c);
    eval("1 DIV 0", List.of(), Row.of(), c);
    assertThat(c.warnings()).containsExactly(
        new Warning(Warning.Level.WARNING, 1292, "Truncated incorrect DOUBLE value: '12abc'"),
        new Warning(Warning.Level.WARNING, 1365, "Division by 0"));
  }

  @Test
  void zeroDatesFollowSqlMode() {
    EvalContext permissive = ctx(EnumSet.noneOf(SqlMode.class), false, ZoneOffset.UTC);
    Object zero = eval("CAST('0000-00-00' AS DATE)", List.of(), Row.of(), permissive);
    assertThat(zero).isInstanceOf(MysqlTime.class);
    assertThat(zero.toString()).isEqualTo("0000-00-00");
    assertThat(eval("CAST('2020-00-10' AS DATE)", List.of(), Row.of(), permissive).toString()).isEqualTo("2020-00-10");
    assertThat(eval("CAST('0000-00-00' AS DATE) IS NULL", List.of(), Row.of(), permissive)).isEqualTo(0L);
    assertThat(eval("DATE_ADD('0000-00-00', INTERVAL 1 DAY)", List.of(), Row.of(), permissive)).isNull();

    EvalContext strict = ExprTesting.selectContext();
    assertThat(eval("CAST('0000-00-00' AS DATE)", List.of(), Row.of(), strict)).isNull();
    assertThat(eval("CAST('2020-00-10' AS DATE)", List.of(), Row.of(), strict)).isNull();
    assertThat(strict.warnings()).extracting(Warning::message).containsExactly(
        "Incorrect date value: '0000-00-00'", "Incorrect date value: '2020-00-10'");
  }

  @Test
  void sessionTimeZoneDrivesNowAndUnixTime() {
    EvalContext c = ctx(EvalContext.MYSQL8_DEFAULT_MODE, false, ZoneId.of("+08:00"));
    assertThat(eval("NOW()", List.of(), Row.of(), c).toString()).isEqualTo("2024-05-17 20:34:56");
    assertThat(eval("UNIX_TIMESTAMP('2015-11-13 10:20:19')", List.of(), Row.of(), c)).isEqualTo(1447381219L);
    assertThat(eval("FROM_UNIXTIME(0)", List.of(), Row.of(), c).toString()).isEqualTo("1970-01-01 08:00:00");
    assertThat(eval("UNIX_TIMESTAMP()", List.of(), Row.of(), c)).isEqualTo(1715949296L);
  }

  @Test
  void nowIsStableWithinAStatement() {
    EvalContext c = ExprTesting.selectContext();
    Expr now = b.call(FuncId.NOW, b.intLiteral(6));
    assertThat(now.eval(Row.of(), c)).isEqualTo(now.eval(Row.of(), c));
    assertThat(now.eval(Row.of(), c).toString()).isEqualTo("2024-05-17 12:34:56.789000");
  }

  @Test
  void wrongArgumentCountIsError1582() {
    assertThatThrownBy(() -> b.call(FuncId.SUBSTRING, b.stringLiteral("a")))
        .isInstanceOfSatisfying(EvalException.class, ex -> assertThat(ex.errno()).isEqualTo(1582))
        .hasMessage("Incorrect parameter count in the call to native function 'substr'");
  }

  /**
   * Checked on MariaDB 10.11 with CREATE TABLE … AS SELECT: the same type class, scale/fsp,
   * signedness and collation (MariaDB narrows integer display widths, which Cairn does not track).
   */
  @ParameterizedTest(name = "{0} :: {1}")
  @CsvSource(delimiter = '|', value = {
    "1 + 2 | LONGLONG",
    "CAST(1 AS UNSIGNED) + 1 | LONGLONG UNSIGNED",
    "1 - CAST(1 AS UNSIGNED) | LONGLONG UNSIGNED",
    "1 + 2.5 | NEWDECIMAL/1",
    "1.25 * 2.5 | NEWDECIMAL/3",
    "1 / 3 | NEWDECIMAL/4",
    "1.00 / 3 | NEWDECIMAL/6",
    "1 + 1e0 | DOUBLE",
    "'1' + 1 | DOUBLE",
    "1 DIV 2 | LONGLONG",
    "7.5 % 2 | NEWDECIMAL/1",
    "1 = 1 | LONGLONG",
    "CONCAT('a', 1) | VARCHAR utf8mb4_general_ci",
    "'a' COLLATE utf8mb4_bin | VARCHAR utf8mb4_bin",
    "IF(1, 1, 'a') | VARCHAR utf8mb4_general_ci",
    "IF(1, 1, 2.5) | NEWDECIMAL/1",
    "IFNULL(NULL, 5) | LONGLONG",
    "COALESCE(1, 2e0) | DOUBLE",
    "COALESCE(DATE '2020-01-01', TIMESTAMP '2020-01-01 10:00:00') | DATETIME",
    "NOW(3) | DATETIME/3",
    "CURDATE() | DATE",
    "DATE_ADD(DATE '2020-01-01', INTERVAL 1 DAY) | DATE",
    "DATE_ADD(DATE '2020-01-01', INTERVAL 1 HOUR) | DATETIME",
    "DATE_ADD('2020-01-01', INTERVAL 1 DAY) | VARCHAR utf8mb4_general_ci",
    "ROUND(1.298, 1) | NEWDECIMAL/1",
    "ROUND(1.5e0) | DOUBLE",
    "CEIL(1.5) | LONGLONG",
    "PI() | DOUBLE/6",
    "GREATEST(1, 2.5) | NEWDECIMAL/1",
    "UNIX_TIMESTAMP() | LONGLONG",
    "FROM_UNIXTIME(1.5) | DATETIME/1",
    "CAST('1' AS DECIMAL(10,2)) | NEWDECIMAL/2",
  })
  void resultTypes(String sql, String expected) {
    Expr e = ExprParser.parse(b, List.of(), ExprTesting.selectContext(), sql);
    assertThat(render(e.type())).isEqualTo(expected);
  }

  private static String render(FieldType t) {
    StringBuilder sb = new StringBuilder(t.type().name());
    if (t.type() == MysqlType.NEWDECIMAL || t.evalType().isTemporal() && t.decimal() > 0
        || t.evalType() == EvalType.REAL && t.decimal() != FieldType.NOT_FIXED_DEC) {
      sb.append('/').append(t.decimal());
    }
    if (t.isUnsigned()) {
      sb.append(" UNSIGNED");
    }
    if (t.evalType() == EvalType.STRING) {
      sb.append(' ').append(t.collation().sqlName());
    }
    return sb.toString();
  }

  @Test
  void decimalQuotientKeepsMysqlsInternalDigits() {
    EvalContext c = ExprTesting.selectContext();
    Expr q = ExprParser.parse(b, List.of(), c, "1 / 3");
    assertThat(q.eval(Row.of(), c)).isEqualTo(new BigDecimal("0.333333333"));
    assertThat(Convert.toStr(q.eval(Row.of(), c), q.type())).isEqualTo("0.3333");
    Expr back = ExprParser.parse(b, List.of(), c, "1 / 3 * 3");
    assertThat(Convert.toStr(back.eval(Row.of(), c), back.type())).isEqualTo("1.0000");
  }

  @Test
  void treesRebuildFromPlainData() {
    List<FieldType> schema = List.of(FieldType.bigint(), FieldType.varchar(), FieldType.date());
    EvalContext c = ExprTesting.selectContext();
    Expr e = ExprParser.parse(b, schema, c,
        "CASE WHEN c0 % 2 = 0 THEN CONCAT(UPPER(c1), '-', c0 DIV 2) ELSE DATE_FORMAT(c2 + INTERVAL c0 DAY, '%Y%m%d') END");
    Expr copy = rebuild(e);
    assertThat(copy).isEqualTo(e);
    for (long i = 0; i < 6; i++) {
      Row row = Row.of(i, "ab" + i, MysqlTime.date(2020, 2, 27));
      assertThat(copy.eval(row, c)).isEqualTo(e.eval(row, c));
    }
    assertThat(e.eval(Row.of(4L, "x", null), c)).isEqualTo("X-2");
    assertThat(e.eval(Row.of(3L, "x", MysqlTime.date(2020, 2, 27)), c)).isEqualTo("20200301");
  }

  private Expr rebuild(Expr e) {
    if (e instanceof ScalarFunction f) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : f.args()) {
        args.add(rebuild(a));
      }
      return b.rebuild(f.id(), args, f.type());
    }
    return e;
  }
}
