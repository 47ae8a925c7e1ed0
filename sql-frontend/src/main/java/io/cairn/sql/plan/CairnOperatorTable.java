package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.coprocessor.expr.FuncId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlKind;

/**
 * Cairn's MySQL functions and operators by name (case-insensitive), each a {@link CairnOperator}
 * typed by one {@link ExprBuilder}. Synonyms share an operator (UCASE/UPPER, MID/SUBSTR, ...).
 * Immutable after construction and thread-safe.
 */
public final class CairnOperatorTable {
  private final Map<String, CairnOperator> byName = new HashMap<>();
  private final Map<FuncId, CairnOperator> byId = new HashMap<>();
  private final CairnOperator cast;

  public CairnOperatorTable(ExprBuilder builder) {
    // Kinds matter only where Calcite's planning recognises them: equality (join keys), AND
    // (conjunct splitting). Everything else is opaque to Calcite.
    predicate(builder, FuncId.EQ, SqlKind.EQUALS, "=");
    predicate(builder, FuncId.NE, SqlKind.OTHER_FUNCTION, "<>");
    predicate(builder, FuncId.LT, SqlKind.OTHER_FUNCTION, "<");
    predicate(builder, FuncId.LE, SqlKind.OTHER_FUNCTION, "<=");
    predicate(builder, FuncId.GT, SqlKind.OTHER_FUNCTION, ">");
    predicate(builder, FuncId.GE, SqlKind.OTHER_FUNCTION, ">=");
    predicate(builder, FuncId.NULL_EQ, SqlKind.IS_NOT_DISTINCT_FROM, "<=>");
    predicate(builder, FuncId.IN, SqlKind.OTHER_FUNCTION, "$IN");
    predicate(builder, FuncId.BETWEEN, SqlKind.OTHER_FUNCTION, "$BETWEEN");
    predicate(builder, FuncId.LIKE, SqlKind.OTHER_FUNCTION, "$LIKE");
    predicate(builder, FuncId.AND, SqlKind.AND, "$AND");
    predicate(builder, FuncId.OR, SqlKind.OTHER_FUNCTION, "$OR");
    predicate(builder, FuncId.XOR, SqlKind.OTHER_FUNCTION, "$XOR");
    predicate(builder, FuncId.NOT, SqlKind.OTHER_FUNCTION, "$NOT");
    predicate(builder, FuncId.IS_NULL, SqlKind.OTHER_FUNCTION, "ISNULL");
    predicate(builder, FuncId.IS_NOT_NULL, SqlKind.OTHER_FUNCTION, "$IS_NOT_NULL");
    predicate(builder, FuncId.IS_TRUE, SqlKind.OTHER_FUNCTION, "$IS_TRUE");
    predicate(builder, FuncId.IS_NOT_TRUE, SqlKind.OTHER_FUNCTION, "$IS_NOT_TRUE");
    predicate(builder, FuncId.IS_FALSE, SqlKind.OTHER_FUNCTION, "$IS_FALSE");
    predicate(builder, FuncId.IS_NOT_FALSE, SqlKind.OTHER_FUNCTION, "$IS_NOT_FALSE");
    function(builder, FuncId.GREATEST, "GREATEST");
    function(builder, FuncId.LEAST, "LEAST");
    function(builder, FuncId.CASE, "$CASE");
    function(builder, FuncId.IF, "IF");
    function(builder, FuncId.IFNULL, "IFNULL");
    function(builder, FuncId.COALESCE, "COALESCE");
    function(builder, FuncId.NULLIF, "NULLIF");
    function(builder, FuncId.PLUS, "$PLUS");
    function(builder, FuncId.MINUS, "$MINUS");
    function(builder, FuncId.MUL, "$MUL");
    function(builder, FuncId.DIVIDE, "$DIVIDE");
    function(builder, FuncId.INT_DIV, "$DIV");
    function(builder, FuncId.MOD, "MOD");
    function(builder, FuncId.UNARY_MINUS, "$NEG");
    function(builder, FuncId.CONCAT, "CONCAT");
    function(builder, FuncId.CONCAT_WS, "CONCAT_WS");
    function(builder, FuncId.LENGTH, "LENGTH", "OCTET_LENGTH");
    function(builder, FuncId.CHAR_LENGTH, "CHAR_LENGTH", "CHARACTER_LENGTH");
    function(builder, FuncId.UPPER, "UPPER", "UCASE");
    function(builder, FuncId.LOWER, "LOWER", "LCASE");
    function(builder, FuncId.SUBSTRING, "SUBSTRING", "SUBSTR", "MID");
    function(builder, FuncId.LEFT, "LEFT");
    function(builder, FuncId.RIGHT, "RIGHT");
    function(builder, FuncId.TRIM, "TRIM");
    function(builder, FuncId.LTRIM, "LTRIM");
    function(builder, FuncId.RTRIM, "RTRIM");
    function(builder, FuncId.TRIM_BOTH, "$TRIM_BOTH");
    function(builder, FuncId.TRIM_LEADING, "$TRIM_LEADING");
    function(builder, FuncId.TRIM_TRAILING, "$TRIM_TRAILING");
    function(builder, FuncId.REPLACE, "REPLACE");
    function(builder, FuncId.LOCATE, "LOCATE");
    function(builder, FuncId.INSTR, "INSTR");
    function(builder, FuncId.FIND_IN_SET, "FIND_IN_SET");
    function(builder, FuncId.LPAD, "LPAD");
    function(builder, FuncId.RPAD, "RPAD");
    function(builder, FuncId.REPEAT, "REPEAT");
    function(builder, FuncId.REVERSE, "REVERSE");
    function(builder, FuncId.ASCII, "ASCII");
    function(builder, FuncId.HEX, "HEX");
    function(builder, FuncId.ABS, "ABS");
    function(builder, FuncId.CEIL, "CEIL", "CEILING");
    function(builder, FuncId.FLOOR, "FLOOR");
    function(builder, FuncId.ROUND, "ROUND");
    function(builder, FuncId.TRUNCATE, "TRUNCATE");
    function(builder, FuncId.POW, "POW", "POWER");
    function(builder, FuncId.SQRT, "SQRT");
    function(builder, FuncId.EXP, "EXP");
    function(builder, FuncId.LN, "LN");
    function(builder, FuncId.LOG, "LOG");
    function(builder, FuncId.LOG10, "LOG10");
    function(builder, FuncId.LOG2, "LOG2");
    function(builder, FuncId.SIGN, "SIGN");
    function(builder, FuncId.PI, "PI");
    function(builder, FuncId.NOW, "NOW", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP");
    function(builder, FuncId.CURDATE, "CURDATE", "CURRENT_DATE");
    function(builder, FuncId.DATE, "DATE");
    function(builder, FuncId.YEAR, "YEAR");
    function(builder, FuncId.MONTH, "MONTH");
    function(builder, FuncId.DAY, "DAY", "DAYOFMONTH");
    function(builder, FuncId.HOUR, "HOUR");
    function(builder, FuncId.MINUTE, "MINUTE");
    function(builder, FuncId.SECOND, "SECOND");
    function(builder, FuncId.DATEDIFF, "DATEDIFF");
    function(builder, FuncId.DATE_FORMAT, "DATE_FORMAT");
    function(builder, FuncId.UNIX_TIMESTAMP, "UNIX_TIMESTAMP");
    function(builder, FuncId.FROM_UNIXTIME, "FROM_UNIXTIME");
    cast = new CairnOperator(CairnOperator.CAST_NAME, SqlKind.OTHER_FUNCTION, FuncId.CAST, false, builder);
  }

  private void predicate(ExprBuilder b, FuncId id, SqlKind kind, String name) {
    register(new CairnOperator(name, kind, id, true, b), name);
  }

  private void function(ExprBuilder b, FuncId id, String... names) {
    register(new CairnOperator(names[0], SqlKind.OTHER_FUNCTION, id, false, b), names);
  }

  private void register(CairnOperator op, String... names) {
    byId.putIfAbsent(op.funcId(), op);
    for (String n : names) {
      byName.put(n, op);
    }
  }

  /** The function a MySQL name denotes, or null when Cairn has none by that name. */
  public CairnOperator lookup(String name) {
    return byName.get(name.toUpperCase(Locale.ROOT));
  }

  public CairnOperator get(FuncId id) {
    CairnOperator op = id == FuncId.CAST ? cast : byId.get(id);
    if (op == null) {
      throw new IllegalArgumentException("no operator for " + id);
    }
    return op;
  }
}
