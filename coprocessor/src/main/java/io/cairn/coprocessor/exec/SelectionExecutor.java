package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import io.cairn.coprocessor.expr.value.Convert;
import java.util.List;

/** Keeps the rows for which every condition is TRUE (NULL and FALSE drop the row, as in WHERE). */
public final class SelectionExecutor implements Executor {
  private final Executor child;
  private final List<Expr> conditions;
  private final ExecContext ctx;
  private final Chunk out = new Chunk();
  private final Chunk.RowView view = new Chunk.RowView();

  public SelectionExecutor(Executor child, List<Expr> conditions, ExecContext ctx) {
    this.child = child;
    this.conditions = List.copyOf(conditions);
    this.ctx = ctx;
  }

  @Override
  public Chunk next() {
    while (true) {
      Chunk in = child.next();
      if (in == null) {
        return null;
      }
      out.clear();
      for (int i = 0; i < in.size(); i++) {
        Object[] row = in.row(i);
        if (passes(view.set(row))) {
          out.add(row);
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
  }

  private boolean passes(Chunk.RowView row) {
    for (Expr c : conditions) {
      Object v = c.eval(row, ctx.eval());
      if (!Boolean.TRUE.equals(Convert.toBool(v, c.type().isUnsigned(), ctx.eval()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<FieldType> schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return "Selection";
  }

  @Override
  public void close() {
    child.close();
  }
}
