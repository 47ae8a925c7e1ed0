package io.cairn.sql.exec;

import io.cairn.coprocessor.expr.EvalContext;
import io.cairn.coprocessor.expr.types.FieldType;
import java.util.List;

/**
 * A plan part with two equivalent forms: {@code pushed}, whose reads run on the storage nodes
 * ({@link CopReaderNode} with the root's final steps above it), and {@code root}, which reads
 * rows and computes everything at the root. Each execution opens the pushed form when the source
 * says its reads can go to the nodes now and the statement writes no rows (a writing statement's
 * strict-mode evaluation is the root's), else the root form. Both give the same rows of the same
 * {@link #types}.
 */
public record PushdownChoiceNode(PushdownSource source, List<Object> params, ExecNode pushed, ExecNode root)
    implements ExecNode {

  @Override
  public List<FieldType> types() {
    return root.types();
  }

  @Override
  public Executor open(EvalContext ctx, MemoryTracker memory) {
    boolean push = !ctx.writesRows() && source.pushdownReads(params) != null;
    return (push ? pushed : root).open(ctx, memory);
  }
}
