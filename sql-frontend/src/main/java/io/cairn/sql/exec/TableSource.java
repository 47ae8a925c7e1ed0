package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import java.util.List;

/**
 * A table the planner can scan: the extension point for stored tables (a catalog-backed
 * implementation scans through the coprocessor), {@code information_schema} and SHOW results, and
 * in-memory test data. {@link #columns} must not change while a plan over the table is in use.
 * {@link #scan} opens a fresh scan producing rows of values typed as {@link #columns} say (Java
 * classes per {@link io.cairn.coprocessor.expr.types.EvalType}); the caller closes it.
 * Implementations are thread-safe: plans are shared between sessions.
 */
public interface TableSource {
  /** The database the table belongs to, as result metadata reports it ("" for none). */
  String schema();

  String name();

  List<TableColumn> columns();

  Executor scan(EvalContext ctx);

  /**
   * Opens a scan for one execution of a plan with these {@code ?} parameter values: a source
   * whose access path depends on the statement's parameters (a key lookup) reads with them;
   * others ignore them.
   */
  default Executor scan(EvalContext ctx, List<Object> params) {
    return scan(ctx);
  }

  /** How the rows are read when not by a full scan (e.g. {@code Point_Get(handle:id)}), or null. */
  default String accessPath() {
    return null;
  }
}
