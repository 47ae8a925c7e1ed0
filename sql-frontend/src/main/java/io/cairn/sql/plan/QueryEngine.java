package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.sql.exec.TableSource;
import java.util.List;
import java.util.Map;

/**
 * The query path's facade, what the Session calls for a SELECT: plan with Calcite into Cairn's
 * physical operators, execute with Cairn's executors and the coprocessor evaluator. Tables are
 * given per call by name (case-insensitive) until the catalog provides them. Thread-safe.
 */
public final class QueryEngine {
  private final QueryPlanner planner;

  public QueryEngine(ExprBuilder builder) {
    this.planner = new QueryPlanner(builder);
  }

  public QueryEngine() {
    this(new ExprBuilder());
  }

  /** Plans and runs a query without parameters. */
  public QueryResult query(String sql, EvalContext ctx, Map<String, TableSource> tables) {
    return prepare(sql, tables).execute(List.of(), ctx);
  }

  /** Plans a query whose {@code ?} parameters are bound at each execution. */
  public PreparedQuery prepare(String sql, Map<String, TableSource> tables) {
    return new PreparedQuery(planner, planner.plan(sql, tables));
  }

  /**
   * Plans a parsed query over the databases {@code resolver} knows, with {@code defaultDb} (or
   * null) for unqualified names; see {@link QueryPlanner#plan(String, org.apache.calcite.sql.SqlNode,
   * org.apache.calcite.sql.SqlNode, TableResolver, String)}.
   */
  public PreparedQuery prepare(String sql, org.apache.calcite.sql.SqlNode labelSource,
      org.apache.calcite.sql.SqlNode query, TableResolver resolver, String defaultDb) {
    return new PreparedQuery(planner, planner.plan(sql, labelSource, query, resolver, defaultDb));
  }
}
