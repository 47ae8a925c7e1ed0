package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/** A scan of a {@link TableSource} for one execution, given the statement's parameter values. */
public record ScanNode(TableSource table, List<Object> params) implements ExecNode {
  @Override
  public List<FieldType> types() {
    return table.columns().stream().map(TableColumn::type).toList();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    return table.scan(ctx, params);
  }
}
