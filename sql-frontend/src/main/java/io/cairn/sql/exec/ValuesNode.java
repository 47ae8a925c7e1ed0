package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/** Literal rows (VALUES, or the single empty row of a SELECT without FROM). */
public record ValuesNode(List<FieldType> types, List<Object[]> rows) implements ExecNode {
  public ValuesNode {
    types = List.copyOf(types);
    rows = List.copyOf(rows);
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    return new ListExecutor(rows);
  }
}
