package io.cairn.sql.plan;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.sql.exec.ExecNode;
import io.cairn.sql.exec.Executor;
import io.cairn.sql.exec.MemoryTracker;
import io.cairn.sql.session.ColumnMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * A planned query, executed any number of times with parameter values: planning happens once, at
 * {@link QueryEngine#prepare}; each {@link #execute} only translates the plan's expressions with
 * the values bound (MySQL types a parameter by its value) and runs the executors. Without
 * parameters the translated executor tree is built once and reused. Thread-safe.
 */
public final class PreparedQuery {
  private final QueryPlanner.Plan plan;
  private final QueryPlanner planner;
  private final ExecNode unparameterized;

  PreparedQuery(QueryPlanner planner, QueryPlanner.Plan plan) {
    this.planner = planner;
    this.plan = plan;
    this.unparameterized = plan.parameterCount() == 0 ? new Implementor(planner.builder(), List.of()).visit(plan.root()) : null;
  }

  public int parameterCount() {
    return plan.parameterCount();
  }

  public List<String> columnNames() {
    return plan.columnNames();
  }

  /** The MySQL types of the result columns. */
  public List<FieldType> types() {
    return (unparameterized != null ? unparameterized : new Implementor(planner.builder(), nullParams()).visit(plan.root()))
        .types();
  }

  private List<Object> nullParams() {
    List<Object> nulls = new ArrayList<>();
    for (int i = 0; i < plan.parameterCount(); i++) {
      nulls.add(null);
    }
    return nulls;
  }

  /** The physical plan as Calcite prints it (an EXPLAIN precursor). */
  public String explain() {
    return org.apache.calcite.plan.RelOptUtil.toString(plan.root()).trim();
  }

  /**
   * Runs the query.
   *
   * @param params one value per {@code ?}, of the evaluator's Java classes (Long, BigDecimal,
   *     Double, String, MysqlTime, MysqlDuration) or null for NULL
   */
  public QueryResult execute(List<Object> params, EvalContext ctx) {
    return execute(params, ctx, MemoryTracker.unlimited());
  }

  /**
   * Runs the query with its executors' memory accounted to {@code memory}; the result rows it
   * collects count too, since they are held until the query ends. Everything is released when
   * this returns or throws (8175 when the quota is exceeded).
   */
  public QueryResult execute(List<Object> params, EvalContext ctx, MemoryTracker memory) {
    if (params.size() != plan.parameterCount()) {
      throw new io.cairn.sql.session.SqlException(1210, "HY000", "Incorrect arguments to EXECUTE");
    }
    ExecNode root = unparameterized != null ? unparameterized : new Implementor(planner.builder(), params).visit(plan.root());
    List<Object[]> rows = new ArrayList<>();
    long held = 0;
    try (Executor e = root.open(ctx, memory)) {
      for (List<Object[]> b = e.next(); b != null; b = e.next()) {
        long bytes = 0;
        for (Object[] r : b) {
          bytes += MemoryTracker.rowBytes(r);
        }
        held += bytes;
        memory.consume(bytes);
        rows.addAll(b);
      }
    } finally {
      memory.release(held);
    }
    List<FieldType> types = root.types();
    List<ColumnMetadata> columns = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      columns.add(QueryResult.metadata(plan.columnNames().get(i), types.get(i)));
    }
    return new QueryResult(columns, types, rows, ctx.warnings());
  }
}
