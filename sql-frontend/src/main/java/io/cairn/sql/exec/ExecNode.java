package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * One operator of an executable plan with its expressions already translated: immutable,
 * thread-safe, and opened any number of times, each {@link #open} giving a fresh {@link Executor}
 * that evaluates in the given context. {@link #types} are the MySQL types of its output columns.
 */
public interface ExecNode {
  List<FieldType> types();

  /**
   * Opens one execution. Operators that keep rows account them to {@code memory} (shared by the
   * whole execution, children included) and release them when the executor is closed.
   */
  Executor open(EvalContext ctx, MemoryTracker memory);

  /** Opens one execution without a memory quota. */
  default Executor open(EvalContext ctx) {
    return open(ctx, MemoryTracker.unlimited());
  }
}
