package io.cairn.sql.engine;

import io.cairn.sql.engine.KeyConditions.AnyOf;
import io.cairn.sql.engine.KeyConditions.Condition;
import io.cairn.sql.engine.KeyConditions.Eq;
import io.cairn.sql.engine.KeyConditions.In;
import io.cairn.sql.engine.KeyConditions.IsNull;
import io.cairn.sql.engine.KeyConditions.Lower;
import io.cairn.sql.engine.KeyConditions.Upper;
import io.cairn.sql.engine.KeyConditions.ValueRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Finds, before planning, the WHERE conjuncts of a single-table SELECT that fix or bound plain
 * columns with literals or {@code ?} parameters ({@link KeyConditions}). The planner still
 * evaluates the whole WHERE on every row read, so a key path chosen from these conditions only
 * has to read a superset of the matching rows.
 *
 * <p>Only a SELECT (optionally with ORDER BY/LIMIT) over exactly one table name, with no other
 * SELECT anywhere in the statement, qualifies: a subquery could name the same table, and the
 * resolver hands both references one source. Stateless.
 */
final class AccessPathAnalyzer {
  private AccessPathAnalyzer() {}

  /** The usable conditions of {@code query}, or null when it does not qualify or has none. */
  static KeyConditions analyze(SqlNode query) {
    SqlSelect select = query instanceof SqlSelect s ? s
        : query instanceof SqlOrderBy ob && ob.query instanceof SqlSelect s2 ? s2 : null;
    if (select == null || select.getWhere() == null || countSelects(query) != 1) {
      return null;
    }
    SqlNode from = select.getFrom();
    SqlIdentifier table;
    String alias;
    if (from instanceof SqlIdentifier id) {
      table = id;
      alias = CairnSession.nameOf(id);
    } else if (from instanceof SqlBasicCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2
        && as.operand(0) instanceof SqlIdentifier id && as.operand(1) instanceof SqlIdentifier a) {
      table = id;
      alias = a.getSimple();
    } else {
      return null;
    }
    return analyze(table, alias, select.getWhere(), columnsRead(select, query, alias));
  }

  /**
   * The usable conditions of {@code where} over the single table {@code table} seen as {@code
   * alias} (an UPDATE or DELETE target), or null when there are none. The caller reads only the
   * handles of the rows ({@link KeyConditions#columnsRead()} is the handle alone).
   */
  static KeyConditions analyzeWhere(SqlIdentifier table, String alias, SqlNode where) {
    return analyze(table, alias, where, Set.of(CatalogTableSource.HANDLE));
  }

  private static KeyConditions analyze(SqlIdentifier table, String alias, SqlNode where,
      Set<String> columnsRead) {
    if (where == null || table.names.size() > 2 || table.isStar()) {
      return null;
    }
    KeyConditions.Builder b = new KeyConditions.Builder();
    List<SqlNode> conjuncts = new ArrayList<>();
    flattenAnd(where, conjuncts);
    for (SqlNode c : conjuncts) {
      if (!conjunct(c, alias, b)) {
        b.skipped();
      }
    }
    if (b.isEmpty()) {
      return null;
    }
    return b.build(table.names.size() == 2 ? table.names.get(0) : null, CairnSession.nameOf(table),
        columnsRead);
  }

  /**
   * The lower-cased columns {@code select} (the whole statement {@code query}, over one table
   * seen as {@code alias}) reads, or null when a star, a window or a name that is not plainly a
   * column of that table makes it unclear. Select-list aliases used in ORDER BY are counted as
   * names too, which can only make the set larger.
   */
  private static Set<String> columnsRead(SqlSelect select, SqlNode query, String alias) {
    if ((select.getWindowList() != null && !select.getWindowList().isEmpty()) || select.getQualify() != null) {
      return null;
    }
    Set<String> out = new HashSet<>();
    boolean[] unknown = {false};
    SqlBasicVisitor<Void> visitor = new SqlBasicVisitor<>() {
      @Override
      public Void visit(SqlIdentifier id) {
        String col = id.isStar() ? null : column(id, alias);
        if (col == null) {
          unknown[0] = true;
        } else {
          out.add(col.toLowerCase(Locale.ROOT));
        }
        return null;
      }

      @Override
      public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.COUNT && call.operandCount() == 1
            && call.operand(0) instanceof SqlIdentifier id && id.isStar()) {
          return null;
        }
        if (call.getKind() == SqlKind.AS && call.operandCount() >= 2) {
          return call.operand(0).accept(this);
        }
        return super.visit(call);
      }
    };
    for (SqlNode n : select.getSelectList()) {
      n.accept(visitor);
    }
    for (SqlNode n : new SqlNode[] {select.getWhere(), select.getGroup(), select.getHaving(),
        select.getOrderList()}) {
      if (n != null) {
        n.accept(visitor);
      }
    }
    if (query instanceof SqlOrderBy ob && ob.orderList != null) {
      ob.orderList.accept(visitor);
    }
    return unknown[0] ? null : out;
  }

  private static int countSelects(SqlNode query) {
    int[] n = {0};
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          n[0]++;
        }
        return super.visit(call);
      }
    });
    return n[0];
  }

  private static void flattenAnd(SqlNode node, List<SqlNode> out) {
    if (node instanceof SqlBasicCall c && c.getKind() == SqlKind.AND) {
      for (SqlNode o : c.getOperandList()) {
        flattenAnd(o, out);
      }
    } else {
      out.add(node);
    }
  }

  /** Adds the condition {@code node} is, if usable; false when it is not. */
  private static boolean conjunct(SqlNode node, String alias, KeyConditions.Builder b) {
    if (!(node instanceof SqlBasicCall call)) {
      return false;
    }
    switch (call.getKind()) {
      case EQUALS, GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL -> {
        String left = column(call.operand(0), alias);
        String right = column(call.operand(1), alias);
        ValueRef lv = value(call.operand(0));
        ValueRef rv = value(call.operand(1));
        if (left != null && rv != null) {
          compare(b, left, call.getKind(), rv);
          return true;
        } else if (right != null && lv != null) {
          compare(b, right, call.getKind().reverse(), lv);
          return true;
        }
        return false;
      }
      case IN -> {
        String col = column(call.operand(0), alias);
        if (col == null || !(call.operand(1) instanceof SqlNodeList list) || list.isEmpty()) {
          return false;
        }
        List<ValueRef> values = new ArrayList<>();
        for (SqlNode v : list) {
          ValueRef r = value(v);
          if (r == null) {
            return false;
          }
          values.add(r);
        }
        b.add(col, new In(List.copyOf(values)));
        return true;
      }
      case IS_NULL -> {
        String col = column(call.operand(0), alias);
        if (col == null) {
          return false;
        }
        b.add(col, new IsNull());
        return true;
      }
      case OR -> {
        return disjunction(call, alias, b);
      }
      case BETWEEN -> {
        if (!(call.getOperator() instanceof SqlBetweenOperator op) || op.isNegated()
            || op.flag != SqlBetweenOperator.Flag.ASYMMETRIC) {
          return false;
        }
        String col = column(call.operand(0), alias);
        ValueRef low = value(call.operand(1));
        ValueRef high = value(call.operand(2));
        if (col != null && low != null && high != null) {
          b.add(col, new Lower(low, true));
          b.add(col, new Upper(high, true));
          return true;
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Adds {@code a OR b OR ...} as one {@link AnyOf} when every alternative is a conjunction of
   * usable conditions on one and the same column.
   */
  private static boolean disjunction(SqlBasicCall or, String alias, KeyConditions.Builder b) {
    List<SqlNode> alternatives = new ArrayList<>();
    flattenOr(or, alternatives);
    String column = null;
    List<List<Condition>> out = new ArrayList<>();
    for (SqlNode alternative : alternatives) {
      KeyConditions.Builder ab = new KeyConditions.Builder();
      List<SqlNode> conjuncts = new ArrayList<>();
      flattenAnd(alternative, conjuncts);
      for (SqlNode c : conjuncts) {
        if (!conjunct(c, alias, ab)) {
          return false;
        }
      }
      Map<String, List<Condition>> on = ab.conditions();
      if (on.size() != 1 || (column != null && !on.containsKey(column))) {
        return false;
      }
      column = on.keySet().iterator().next();
      out.add(on.get(column));
    }
    b.add(column, new AnyOf(out));
    return true;
  }

  private static void flattenOr(SqlNode node, List<SqlNode> out) {
    if (node instanceof SqlBasicCall c && c.getKind() == SqlKind.OR) {
      for (SqlNode o : c.getOperandList()) {
        flattenOr(o, out);
      }
    } else {
      out.add(node);
    }
  }

  private static void compare(KeyConditions.Builder b, String col, SqlKind kind, ValueRef v) {
    switch (kind) {
      case EQUALS -> b.add(col, new Eq(v));
      case GREATER_THAN -> b.add(col, new Lower(v, false));
      case GREATER_THAN_OR_EQUAL -> b.add(col, new Lower(v, true));
      case LESS_THAN -> b.add(col, new Upper(v, false));
      case LESS_THAN_OR_EQUAL -> b.add(col, new Upper(v, true));
      default -> { }
    }
  }

  /** The column a plain reference names in a query over one table seen as {@code alias}. */
  private static String column(SqlNode node, String alias) {
    if (!(node instanceof SqlIdentifier id) || id.isStar()) {
      return null;
    }
    if (id.names.size() == 1) {
      return id.names.get(0);
    }
    if (id.names.size() == 2 && id.names.get(0).equalsIgnoreCase(alias)) {
      return id.names.get(1);
    }
    return null;
  }

  private static ValueRef value(SqlNode node) {
    if (node instanceof SqlDynamicParam p) {
      return ValueRef.param(p.getIndex());
    }
    Object v = Literals.valueOf(node, List.of());
    return v == Literals.NOT_LITERAL ? null : ValueRef.constant(v);
  }
}
