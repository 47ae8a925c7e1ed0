package io.cairn.sql.engine;

import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.plan.PreparedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * A session's cache of plans for text SELECTs that differ only in the literals of their WHERE
 * clause: the literals become {@code ?} parameters, the parameterized text (with the current
 * database and the catalog version) is the key, and a hit runs the cached plan with the
 * literals as parameter values, without parsing into a new plan or optimizing again.
 *
 * <p>Only the top query's WHERE is parameterized (select lists, ORDER BY ordinals, LIMIT and
 * subqueries keep their literals, which shape the plan or the result labels). Statements whose
 * text depends on session state (variables, DATABASE(), ...) are not cached. Least recently
 * used plans are evicted beyond the capacity. Not thread-safe: owned by one session, whose
 * {@link CatalogTableSource}s its plans hold.
 */
final class TextPlanCache {
  private final int capacity;
  private final Map<String, PreparedQuery> plans;

  TextPlanCache(int capacity) {
    this.capacity = capacity;
    this.plans = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedQuery> eldest) {
        return size() > TextPlanCache.this.capacity;
      }
    };
  }

  boolean enabled() {
    return capacity > 0;
  }

  /** A statement with its WHERE literals replaced by parameters, and their values in order. */
  record Parameterized(SqlNode query, List<Object> values, String key) {}

  /**
   * Parameterizes {@code parsed} in place, or returns null when it has nothing to parameterize
   * or is not a plain SELECT.
   */
  static Parameterized parameterize(SqlNode parsed, String db, long schemaVersion) {
    SqlSelect select = parsed instanceof SqlSelect s ? s
        : parsed instanceof SqlOrderBy ob && ob.query instanceof SqlSelect s2 ? s2 : null;
    if (select == null || select.getWhere() == null) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    SqlNode where = select.getWhere().accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlLiteral literal) {
        return param(literal);
      }

      @Override
      public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect || call instanceof io.cairn.sql.parser.ast.CairnSqlCall) {
          // Subqueries keep their literals; Cairn's own nodes (variables) are not rebuilt.
          return call;
        }
        SqlNode p = param(call);
        return p != call ? p : super.visit(call);
      }

      private SqlNode param(SqlNode node) {
        Object v = Literals.valueOf(node, List.of());
        if (v == Literals.NOT_LITERAL || v == null) {
          return node;
        }
        values.add(v);
        return new SqlDynamicParam(values.size() - 1, node.getParserPosition());
      }
    });
    if (values.isEmpty()) {
      return null;
    }
    select.setWhere(where);
    String key = (db == null ? "" : db) + '\u0000' + schemaVersion + '\u0000' + MySqlParser.unparse(parsed);
    return new Parameterized(parsed, values, key);
  }

  PreparedQuery get(String key) {
    return plans.get(key);
  }

  void put(String key, PreparedQuery plan) {
    plans.put(key, plan);
  }

  void clear() {
    plans.clear();
  }
}
