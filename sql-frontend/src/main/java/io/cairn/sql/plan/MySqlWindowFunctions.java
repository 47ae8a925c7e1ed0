package io.cairn.sql.plan;

import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlRankFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * MySQL's window-only functions, which the parser leaves unresolved: Calcite operators carry them
 * through validation to a Window rel, where Cairn's WindowNode gives them MySQL's semantics. The
 * ranking functions are Cairn's own instances because MySQL ranks without ORDER BY too (every row
 * is a peer) where Calcite's refuse; {@link #TABLE} goes before Calcite's standard table so that
 * the validator, which looks functions up again by name, keeps them.
 */
final class MySqlWindowFunctions {
  private MySqlWindowFunctions() {}

  private static final SqlOperator RANK = new SqlRankFunction(SqlKind.RANK, ReturnTypes.RANK, false);
  private static final SqlOperator DENSE_RANK = new SqlRankFunction(SqlKind.DENSE_RANK, ReturnTypes.RANK, false);
  private static final SqlOperator PERCENT_RANK =
      new SqlRankFunction(SqlKind.PERCENT_RANK, ReturnTypes.FRACTIONAL_RANK, false);
  private static final SqlOperator CUME_DIST =
      new SqlRankFunction(SqlKind.CUME_DIST, ReturnTypes.FRACTIONAL_RANK, false);

  private static final Map<String, SqlOperator> BY_NAME = Map.ofEntries(
      Map.entry("ROW_NUMBER", SqlStdOperatorTable.ROW_NUMBER),
      Map.entry("RANK", RANK),
      Map.entry("DENSE_RANK", DENSE_RANK),
      Map.entry("PERCENT_RANK", PERCENT_RANK),
      Map.entry("CUME_DIST", CUME_DIST),
      Map.entry("NTILE", SqlStdOperatorTable.NTILE),
      Map.entry("LAG", SqlStdOperatorTable.LAG),
      Map.entry("LEAD", SqlStdOperatorTable.LEAD),
      Map.entry("FIRST_VALUE", SqlStdOperatorTable.FIRST_VALUE),
      Map.entry("LAST_VALUE", SqlStdOperatorTable.LAST_VALUE),
      Map.entry("NTH_VALUE", SqlStdOperatorTable.NTH_VALUE));

  /** The operators that must win over Calcite's standard ones of the same name. */
  static final SqlOperatorTable TABLE = SqlOperatorTables.of(RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST);

  /** The operator of a window function name (any case), or null. */
  static SqlOperator lookup(String name) {
    return BY_NAME.get(name.toUpperCase(Locale.ROOT));
  }
}
