package io.cairn.sql.plan;

import io.cairn.sql.session.SqlException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * MySQL's HAVING in a query that neither groups nor aggregates: a filter on the result rows
 * that may name the select list's aliases ({@code SELECT CASE ... END AS TABLE_TYPE ... HAVING
 * TABLE_TYPE IN (...)}, which Connector/J sends for {@code DatabaseMetaData.getTables}). SQL,
 * and Calcite, read any HAVING as grouping the whole table into one group, which would make
 * every selected column a 1055 under ONLY_FULL_GROUP_BY. So the condition moves into WHERE,
 * each alias replaced by its expression. As in MySQL, a name in such a HAVING must be an alias
 * or a selected column: any other is 1054 (checked in the outermost query only, where no outer
 * query's column can be meant). Queries that group or aggregate keep their HAVING.
 *
 * <p>Applied to a parsed statement before {@link MySqlSemanticsRewriter}. Not thread-safe; one
 * per statement.
 */
final class HavingWithoutGrouping extends SqlShuttle {
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT",
      "ANY_VALUE", "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE",
      "VAR_POP", "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG");

  private int depth;

  @Override
  public SqlNode visit(SqlCall call) {
    boolean select = call instanceof SqlSelect;
    if (select) {
      depth++;
    }
    try {
      SqlNode out = super.visit(call);
      if (out instanceof SqlSelect s) {
        rewrite(s, depth == 1);
      }
      return out;
    } finally {
      if (select) {
        depth--;
      }
    }
  }

  private static void rewrite(SqlSelect s, boolean outermost) {
    SqlNode having = s.getHaving();
    if (having == null || s.getGroup() != null && !s.getGroup().isEmpty()
        || aggregates(s.getSelectList()) || aggregates(having)
        || s.getOrderList() != null && aggregates(s.getOrderList())) {
      return;
    }
    Map<String, SqlNode> aliases = new HashMap<>();
    Set<String> columns = new java.util.HashSet<>();
    boolean star = false;
    for (SqlNode item : s.getSelectList()) {
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        aliases.putIfAbsent(key(((SqlIdentifier) as.operand(1)).getSimple()), as.operand(0));
        if (as.operand(0) instanceof SqlIdentifier id) {
          columns.add(key(last(id)));
        }
      } else if (item instanceof SqlIdentifier id) {
        if (id.isStar()) {
          star = true;
        } else {
          columns.add(key(last(id)));
        }
      }
    }
    SqlNode condition = substitute(having, aliases, outermost && !star ? columns : null);
    s.setWhere(s.getWhere() == null ? condition
        : SqlStdOperatorTable.AND.createCall(having.getParserPosition(), s.getWhere(), condition));
    s.setHaving(null);
  }

  /** {@code node} with aliases replaced; a name that is neither alias nor column is 1054 when {@code columns} is given. */
  private static SqlNode substitute(SqlNode node, Map<String, SqlNode> aliases, Set<String> columns) {
    if (node instanceof SqlIdentifier id) {
      if (id.isSimple()) {
        SqlNode expr = aliases.get(key(id.getSimple()));
        if (expr != null) {
          return expr.clone(expr.getParserPosition());
        }
      }
      if (columns != null && !columns.contains(key(last(id)))) {
        throw new SqlException(1054, "42S22", "Unknown column '" + id + "' in 'having clause'");
      }
      return id;
    }
    if (node instanceof SqlNodeList list) {
      SqlNodeList out = new SqlNodeList(list.getParserPosition());
      list.forEach(n -> out.add(n == null ? null : substitute(n, aliases, columns)));
      return out;
    }
    if (node instanceof SqlSelect || !(node instanceof SqlCall call)) {
      return node;
    }
    if (call instanceof SqlBasicCall basic) {
      for (int i = 0; i < basic.operandCount(); i++) {
        SqlNode operand = basic.operand(i);
        if (operand != null) {
          basic.setOperand(i, substitute(operand, aliases, columns));
        }
      }
      return basic;
    }
    for (int i = 0; i < call.operandCount(); i++) {
      SqlNode operand = call.operand(i);
      if (operand != null) {
        call.setOperand(i, substitute(operand, aliases, columns));
      }
    }
    return call;
  }

  /** Whether {@code node} calls an aggregate at this query level (subqueries aside). */
  private static boolean aggregates(SqlNode node) {
    if (node instanceof SqlNodeList list) {
      for (SqlNode n : list) {
        if (n != null && aggregates(n)) {
          return true;
        }
      }
      return false;
    }
    if (!(node instanceof SqlCall call) || node instanceof SqlSelect) {
      return false;
    }
    if (call.getOperator().isAggregator()
        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
      return true;
    }
    for (SqlNode operand : call.getOperandList()) {
      if (operand != null && aggregates(operand)) {
        return true;
      }
    }
    return false;
  }

  private static String last(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
