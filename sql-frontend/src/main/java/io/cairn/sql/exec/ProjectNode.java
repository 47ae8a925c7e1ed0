package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.Row;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.ArrayList;
import java.util.List;

/** Evaluates one expression per output column over each input row. */
public record ProjectNode(ExecNode input, List<Expr> exprs) implements ExecNode {
  public ProjectNode {
    exprs = List.copyOf(exprs);
  }

  @Override
  public List<FieldType> types() {
    return exprs.stream().map(Expr::type).toList();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    Executor in = input.open(ctx, memory);
    Expr[] es = exprs.toArray(new Expr[0]);
    return new Executor() {
      @Override
      public List<Object[]> next() {
        List<Object[]> batch = in.next();
        if (batch == null) {
          return null;
        }
        List<Object[]> out = new ArrayList<>(batch.size());
        for (Object[] r : batch) {
          Row row = Row.of(r);
          Object[] o = new Object[es.length];
          for (int i = 0; i < es.length; i++) {
            o[i] = es[i].eval(row, ctx);
          }
          out.add(o);
        }
        return out;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
