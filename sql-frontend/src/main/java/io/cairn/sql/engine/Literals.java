package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import io.cairn.coprocessor.expr.value.MysqlDuration;
import io.cairn.coprocessor.expr.value.MysqlTime;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Literal values between the parse tree and the evaluator: the value of a plain literal
 * (numbers, strings, NULL, TRUE/FALSE, a negated number, a {@code ?} parameter) without planning
 * a query for it, and the literal node that stands for a value computed by the session (a
 * variable, {@code DATABASE()}). Stateless.
 */
final class Literals {
  /** Returned by {@link #valueOf} for a node that is not a plain literal. */
  static final Object NOT_LITERAL = new Object();

  private Literals() {}

  /**
   * The evaluator value of a plain literal, or {@link #NOT_LITERAL}.
   *
   * @param params the statement's parameter values, by {@code ?} index
   */
  static Object valueOf(SqlNode node, List<Object> params) {
    if (node instanceof SqlDynamicParam p) {
      return params.get(p.getIndex());
    }
    if (node instanceof SqlNumericLiteral n) {
      BigDecimal bd = n.getValueAs(BigDecimal.class);
      if (!n.isExact()) {
        return bd.doubleValue();
      }
      if (n.getScale() != null && n.getScale() > 0) {
        return bd;
      }
      try {
        return bd.longValueExact();
      } catch (ArithmeticException e) {
        return bd;
      }
    }
    if (node instanceof SqlCharStringLiteral s) {
      return s.getValueAs(String.class);
    }
    if (node instanceof SqlLiteral l) {
      if (l.getTypeName() == SqlTypeName.NULL) {
        return null;
      }
      if (l.getTypeName() == SqlTypeName.BOOLEAN) {
        return Boolean.TRUE.equals(l.getValueAs(Boolean.class)) ? 1L : 0L;
      }
      return NOT_LITERAL;
    }
    if (node instanceof SqlBasicCall c && c.getKind() == SqlKind.MINUS_PREFIX
        && c.operand(0) instanceof SqlNumericLiteral) {
      Object v = valueOf(c.operand(0), params);
      if (v instanceof Long l && l != Long.MIN_VALUE) {
        return -l;
      }
      if (v instanceof Long l) {
        return BigDecimal.valueOf(l).negate();
      }
      if (v instanceof BigDecimal bd) {
        BigDecimal neg = bd.negate();
        return neg.scale() <= 0 && neg.unscaledValue().bitLength() < 64 ? (Object) neg.longValueExact() : neg;
      }
      if (v instanceof Double d) {
        return -d;
      }
    }
    return NOT_LITERAL;
  }

  /** A literal node for an evaluator value of type {@code type}. */
  static SqlNode toNode(Object v, FieldType type, SqlParserPos pos) {
    if (v == null) {
      return SqlLiteral.createNull(pos);
    }
    if (v instanceof Long l) {
      String text = type != null && type.isUnsigned() ? Long.toUnsignedString(l) : Long.toString(l);
      return numeric(text, pos);
    }
    if (v instanceof BigDecimal bd) {
      return numeric(bd.toPlainString(), pos);
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return SqlLiteral.createNull(pos);
      }
      return SqlLiteral.createApproxNumeric(BigDecimal.valueOf(d).toString().replace("E+", "E")
          + (BigDecimal.valueOf(d).toString().contains("E") ? "" : "E0"), pos);
    }
    if (v instanceof MysqlTime || v instanceof MysqlDuration) {
      return string(Convert.toStr(v, type), pos);
    }
    return string(v.toString(), pos);
  }

  static SqlNode string(String s, SqlParserPos pos) {
    return SqlLiteral.createCharString(s, pos);
  }

  private static SqlNode numeric(String text, SqlParserPos pos) {
    if (text.startsWith("-")) {
      return org.apache.calcite.sql.fun.SqlStdOperatorTable.UNARY_MINUS.createCall(pos,
          SqlLiteral.createExactNumeric(text.substring(1), pos));
    }
    return SqlLiteral.createExactNumeric(text, pos);
  }
}
