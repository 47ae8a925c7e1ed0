package io.cairn.coprocessor.exec;

import io.cairn.coprocessor.expr.Expr;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/** Evaluates one expression per output column over each input row. */
public final class ProjectionExecutor implements Executor {
  private final Executor child;
  private final List<Expr> exprs;
  private final List<FieldType> schema;
  private final ExecContext ctx;
  private final Chunk out = new Chunk();
  private final Chunk.RowView view = new Chunk.RowView();

  public ProjectionExecutor(Executor child, List<Expr> exprs, ExecContext ctx) {
    this.child = child;
    this.exprs = List.copyOf(exprs);
    this.schema = this.exprs.stream().map(Expr::type).toList();
    this.ctx = ctx;
  }

  @Override
  public Chunk next() {
    Chunk in = child.next();
    if (in == null) {
      return null;
    }
    out.clear();
    for (int i = 0; i < in.size(); i++) {
      view.set(in.row(i));
      Object[] row = new Object[exprs.size()];
      for (int j = 0; j < row.length; j++) {
        row[j] = exprs.get(j).eval(view, ctx.eval());
      }
      out.add(row);
    }
    return out;
  }

  @Override
  public List<FieldType> schema() {
    return schema;
  }

  @Override
  public String name() {
    return "Projection";
  }

  @Override
  public void close() {
    child.close();
  }
}
