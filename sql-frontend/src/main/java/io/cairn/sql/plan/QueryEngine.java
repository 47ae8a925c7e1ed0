package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.ExprBuilder;
import io.cairn.sql.exec.TableSource;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;

/**
 * The query path's facade, what the Session calls for a SELECT: plan with Calcite into Cairn's
 * physical operators, execute with Cairn's executors and the coprocessor evaluator. Tables are
 * given per call, by name (case-insensitive) or through a {@link TableResolver} that looks them
 * up by database. Thread-safe.
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
   * null) for unqualified names; see {@link QueryPlanner#plan(String, SqlNode, SqlNode,
   * TableResolver, String)}.
   */
  public PreparedQuery prepare(String sql, SqlNode labelSource, SqlNode query, TableResolver resolver,
      String defaultDb) {
    return new PreparedQuery(planner, planner.plan(sql, labelSource, query, resolver, defaultDb));
  }
}
