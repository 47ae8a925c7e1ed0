package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.value.MysqlTime;
import io.cairn.kv.Timestamps;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.plan.QueryResult;
import io.cairn.sql.session.SqlException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Turns the expressions of {@code AS OF TIMESTAMP} into the timestamp a stale read uses, as
 * TiDB does: each expression is a datetime in the session time zone ({@code '2024-05-06
 * 07:08:09'}, {@code NOW() - INTERVAL 5 SECOND}), or {@code TIDB_BOUNDED_STALENESS(lo, hi)}; the
 * instant becomes a TSO of its milliseconds and logical part 0. All expressions of one statement
 * are evaluated together (one NOW()) and must name the same instant. Intervals added to or
 * subtracted from a datetime ({@code expr - INTERVAL n unit}, one unit) are applied here, the
 * datetime itself is evaluated by the query engine.
 *
 * <p>Errors are TiDB's: 8135 for a NULL, a malformed bound or differing times, 9006 for a time
 * after the current timestamp. {@code TIDB_BOUNDED_STALENESS} reads at its lower bound: without
 * the replicas' resolved timestamps Cairn cannot tell which newer time a replica could serve at
 * once, and the oldest time allowed is the one most likely to be ready.
 */
final class StaleReadTimestamps {
  private static final String BOUNDED = "TIDB_BOUNDED_STALENESS";

  private StaleReadTimestamps() {}

  /** The one timestamp the {@code AS OF} expressions {@code exprs} name. */
  static long of(CairnSession session, List<SqlNode> exprs, List<Object> params) {
    // Every datetime the expressions need, shifted by the intervals added to or taken from it;
    // a bounded staleness needs two.
    List<Shifted> times = new ArrayList<>();
    List<Boolean> bounded = new ArrayList<>();
    for (SqlNode e : exprs) {
      if (isBounded(e)) {
        SqlCall call = (SqlCall) e;
        if (call.operandCount() != 2) {
          throw new SqlException(1582, "42000", "Incorrect parameter count in the call to native function '"
              + BOUNDED.toLowerCase(Locale.ROOT) + "'");
        }
        times.add(shifted(call.operand(0), params));
        times.add(shifted(call.operand(1), params));
        bounded.add(true);
      } else {
        times.add(shifted(e, params));
        bounded.add(false);
      }
    }
    List<SqlNode> parts = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (Shifted t : times) {
      sql.append(parts.isEmpty() ? "" : ", ").append("CAST(").append(MySqlParser.unparse(t.base()))
          .append(" AS TIMESTAMP(6))");
      parts.add(t.base());
    }
    // One query, so that NOW() is one instant for all of them.
    QueryResult r = new ExpressionEvaluator(session, params).query(sql.toString(), parts, Set.of());
    Object[] row = r.rows().get(0);
    ZoneId zone = session.timeZone();
    long ts = -1;
    int col = 0;
    for (boolean b : bounded) {
      long t;
      if (b) {
        long lo = millis(times.get(col), row[col++], zone);
        long hi = millis(times.get(col), row[col++], zone);
        if (lo > hi) {
          throw asOfError("invalid as of timestamp: the lower bound of " + BOUNDED.toLowerCase(Locale.ROOT)
              + " is after its upper bound");
        }
        t = lo;
      } else {
        t = millis(times.get(col), row[col++], zone);
      }
      long next = Timestamps.compose(t, 0);
      if (ts != -1 && next != ts) {
        throw asOfError("can not set different time in the as of");
      }
      ts = next;
    }
    if (ts > session.engine().storage().currentTimestamp()) {
      throw new SqlException(9006, "HY000", "cannot set read timestamp to a future time");
    }
    return ts;
  }

  /** A datetime expression and the intervals added to it ({@code NOW() - INTERVAL 5 SECOND}). */
  private record Shifted(SqlNode base, List<Interval> intervals) {}

  /** {@code amount unit}, negated when it is subtracted. */
  private record Interval(BigDecimal amount, TimeUnit unit) {
    LocalDateTime addTo(LocalDateTime t) {
      // MySQL rounds a fractional amount of a unit coarser than seconds.
      BigDecimal whole = amount.setScale(0, java.math.RoundingMode.HALF_UP);
      return switch (unit) {
        case YEAR -> t.plusYears(whole.longValueExact());
        case QUARTER -> t.plusMonths(3 * whole.longValueExact());
        case MONTH -> t.plusMonths(whole.longValueExact());
        case WEEK -> t.plusDays(7 * whole.longValueExact());
        case DAY -> t.plusDays(whole.longValueExact());
        case HOUR -> t.plusHours(whole.longValueExact());
        case MINUTE -> t.plusMinutes(whole.longValueExact());
        case SECOND -> t.plusNanos(amount.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        case MILLISECOND -> t.plusNanos(amount.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        case MICROSECOND -> t.plusNanos(amount.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        default -> throw asOfError("invalid as of timestamp: unsupported interval unit " + unit);
      };
    }
  }

  private static Shifted shifted(SqlNode e, List<Object> params) {
    if (e instanceof SqlCall c && c.operandCount() == 2 && (c.getKind() == SqlKind.PLUS || c.getKind() == SqlKind.MINUS)) {
      boolean minus = c.getKind() == SqlKind.MINUS;
      Interval right = interval(c.operand(1), minus, params);
      if (right != null) {
        Shifted inner = shifted(c.operand(0), params);
        inner.intervals().add(right);
        return inner;
      }
      Interval left = minus ? null : interval(c.operand(0), false, params);
      if (left != null) {
        Shifted inner = shifted(c.operand(1), params);
        inner.intervals().add(left);
        return inner;
      }
    }
    return new Shifted(e, new ArrayList<>());
  }

  /** The interval {@code node} is, or null when it is none. */
  private static Interval interval(SqlNode node, boolean negate, List<Object> params) {
    BigDecimal amount;
    SqlIntervalQualifier qualifier;
    if (node instanceof SqlIntervalLiteral lit) {
      SqlIntervalLiteral.IntervalValue v = lit.getValueAs(SqlIntervalLiteral.IntervalValue.class);
      qualifier = v.getIntervalQualifier();
      amount = number(v.getIntervalLiteral().strip());
      if (v.getSign() < 0) {
        amount = amount.negate();
      }
    } else if (node instanceof SqlCall call && call.getKind() == SqlKind.INTERVAL && call.operandCount() == 2
        && call.operand(1) instanceof SqlIntervalQualifier q) {
      qualifier = q;
      Object v = Literals.valueOf(call.operand(0), params);
      amount = v instanceof Long l ? BigDecimal.valueOf(l) : v instanceof BigDecimal d ? d
          : v instanceof String str ? number(str.strip()) : null;
      if (amount == null) {
        throw asOfError("invalid as of timestamp: an interval needs a number, not " + call.operand(0));
      }
    } else {
      return null;
    }
    if (qualifier.timeUnitRange.endUnit != null && qualifier.timeUnitRange.endUnit != qualifier.getStartUnit()) {
      throw asOfError("invalid as of timestamp: unsupported interval " + qualifier);
    }
    return new Interval(negate ? amount.negate() : amount, qualifier.getStartUnit());
  }

  private static BigDecimal number(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw asOfError("invalid as of timestamp: unsupported interval amount '" + text + "'");
    }
  }


  private static boolean isBounded(SqlNode e) {
    return e instanceof SqlCall c && c.getOperator() instanceof SqlFunction f
        && f.getName().equalsIgnoreCase(BOUNDED);
  }

  private static long millis(Shifted shifted, Object v, ZoneId zone) {
    if (v == null) {
      throw asOfError("invalid as of timestamp: as of timestamp cannot be NULL");
    }
    LocalDateTime t = v instanceof MysqlTime m ? m.toLocalDateTime() : (LocalDateTime) v;
    for (Interval i : shifted.intervals()) {
      t = i.addTo(t);
    }
    long ms = t.atZone(zone).toInstant().toEpochMilli();
    if (ms <= 0) {
      throw asOfError("invalid as of timestamp: " + t);
    }
    return ms;
  }

  static SqlException asOfError(String message) {
    return new SqlException(8135, "HY000", message);
  }
}
