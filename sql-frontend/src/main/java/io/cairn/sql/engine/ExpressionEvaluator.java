package io.cairn.sql.engine;

import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.parser.MySqlParser;
import io.cairn.sql.plan.PreparedQuery;
import io.cairn.sql.plan.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Evaluates expressions and queries that are parts of a larger statement (SET values, INSERT
 * values that are not plain literals, the row selection of UPDATE and DELETE) by running them
 * as SELECTs through the query engine, in the running statement's transaction. Parts are
 * written back to text with {@link MySqlParser#unparse}; the {@code ?} parameters they contain
 * are passed on in the order they appear.
 */
final class ExpressionEvaluator {
  private final CairnSession session;
  private final List<Object> params;

  ExpressionEvaluator(CairnSession session, List<Object> params) {
    this.session = session;
    this.params = params;
  }

  /** A value and its evaluator type. */
  record Value(Object value, FieldType type) {}

  /** The value of one expression without column references. */
  Value evaluate(SqlNode expr) {
    QueryResult r = query("SELECT " + MySqlParser.unparse(expr), List.of(expr), Set.of());
    Object[] row = r.rows().get(0);
    return new Value(row[0], r.types().get(0));
  }

  /**
   * Runs a query written from statement parts.
   *
   * @param parts the parts of the original statement {@code sql} was written from, in the
   *     order they appear in it (for the parameters)
   * @param dmlTargets ids of the tables whose handle column the query may select
   */
  QueryResult query(String sql, List<SqlNode> parts, Set<Long> dmlTargets) {
    MySqlParser parser = session.parser();
    SqlNode labels = parser.parse(sql);
    SqlNode query = parser.parse(sql).accept(new SessionRewriter(session));
    PreparedQuery q = session.prepareQuery(sql, labels, query, session.txn().schema(), session.database(),
        dmlTargets, 0);
    return q.execute(paramsOf(parts), session.evalContext(false));
  }

  private List<Object> paramsOf(List<SqlNode> parts) {
    List<Object> out = new ArrayList<>();
    for (SqlNode part : parts) {
      if (part == null) {
        continue;
      }
      part.accept(new SqlBasicVisitor<Void>() {
        @Override
        public Void visit(SqlDynamicParam param) {
          out.add(params.get(param.getIndex()));
          return null;
        }
      });
    }
    return out;
  }
}
