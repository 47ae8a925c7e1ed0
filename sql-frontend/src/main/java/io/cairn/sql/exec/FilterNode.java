package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/** Keeps the rows for which the condition is true (not false, not NULL). */
public record FilterNode(ExecNode input, Expr condition) implements ExecNode {
  @Override
  public List<FieldType> types() {
    return input.types();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor in = input.open(ctx, memory);
    return new Executor() {
      @Override
      public List<Object[]> next() {
        for (List<Object[]> batch = in.next(); batch != null; batch = in.next()) {
          List<Object[]> out = new ArrayList<>();
          for (Object[] r : batch) {
            if (Rows.isTrue(condition, Row.of(r), ctx)) {
              out.add(r);
            }
          }
          if (!out.isEmpty()) {
            return out;
          }
        }
        return null;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
